//! SVG charts, drawn with the pure-Rust `svg` writer (no system library): a stacked area (or
//! stacked bars) of money against a parameter or a date, with markers (cliffs).

use crate::report::format::{axis_euros as euros, axis_number as number};
use svg::Document;
use svg::node::element::path::Data;
use svg::node::element::{Group, Line, Path, Rectangle, Text};

/// One stacked series.
#[derive(Debug, Clone)]
pub struct Series {
    /// Identifier, used as the element id (`series-<id>`).
    pub id: &'static str,
    /// Legend label.
    pub label: String,
    /// Fill colour.
    pub color: &'static str,
    /// One value per x, in euros.
    pub values: Vec<f64>,
}

/// A stacked chart.
#[derive(Debug, Clone)]
pub struct Chart {
    /// Title.
    pub title: String,
    /// Label of the horizontal axis.
    pub x_label: String,
    /// The x positions.
    pub xs: Vec<f64>,
    /// Labels of x ticks at positions (empty: numeric ticks).
    pub x_ticks: Vec<(f64, String)>,
    /// The series, bottom first.
    pub series: Vec<Series>,
    /// Vertical markers: position and label (cliffs).
    pub markers: Vec<(f64, String)>,
    /// Bars instead of areas (for months).
    pub bars: bool,
}

const W: f64 = 960.0;
const H: f64 = 540.0;
const LEFT: f64 = 100.0;
const RIGHT: f64 = 190.0;
const TOP: f64 = 50.0;
const BOTTOM: f64 = 60.0;

fn nice_step(range: f64, ticks: f64) -> f64 {
    let raw = (range / ticks).max(f64::MIN_POSITIVE);
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let nice = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

fn text(x: f64, y: f64, s: &str, anchor: &str, size: u32) -> Text {
    Text::new(s)
        .set("x", format!("{x:.1}"))
        .set("y", format!("{y:.1}"))
        .set("text-anchor", anchor)
        .set("font-size", size)
        .set("font-family", "sans-serif")
}

/// The chart as an SVG document.
pub fn render(c: &Chart) -> String {
    let n = c.xs.len();
    let (x_min, x_max) =
        c.xs.iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                (a.min(x), b.max(x))
            });
    let (x_min, x_max) = if n == 0 {
        (0.0, 1.0)
    } else if x_max > x_min {
        (x_min, x_max)
    } else {
        (x_min - 0.5, x_max + 0.5)
    };
    let bar_pad = if c.bars {
        (x_max - x_min) / (n.max(1) as f64) / 2.0
    } else {
        0.0
    };
    let (x_lo, x_hi) = (x_min - bar_pad, x_max + bar_pad);
    let totals: Vec<f64> = (0..n)
        .map(|i| c.series.iter().map(|s| s.values[i]).sum())
        .collect();
    let y_top_raw = totals.iter().cloned().fold(0.0, f64::max).max(1.0);
    let y_step = nice_step(y_top_raw, 5.0);
    let y_top = (y_top_raw / y_step).ceil() * y_step;
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let px = |x: f64| LEFT + (x - x_lo) / (x_hi - x_lo) * plot_w;
    let py = |y: f64| TOP + plot_h - y / y_top * plot_h;

    let mut doc = Document::new()
        .set("xmlns", "http://www.w3.org/2000/svg")
        .set("viewBox", (0, 0, W as i64, H as i64))
        .set("width", W as i64)
        .set("height", H as i64)
        .add(
            Rectangle::new()
                .set("width", W)
                .set("height", H)
                .set("fill", "white"),
        )
        .add(text(W / 2.0, 28.0, &c.title, "middle", 18).set("id", "title"));

    // Grid and y axis.
    let mut axes = Group::new().set("id", "axes");
    let mut y = 0.0;
    while y <= y_top + y_step / 2.0 {
        axes = axes
            .add(
                Line::new()
                    .set("x1", LEFT)
                    .set("x2", LEFT + plot_w)
                    .set("y1", format!("{:.1}", py(y)))
                    .set("y2", format!("{:.1}", py(y)))
                    .set("stroke", "#dddddd"),
            )
            .add(text(LEFT - 8.0, py(y) + 4.0, &euros(y), "end", 12));
        y += y_step;
    }
    let ticks: Vec<(f64, String)> = if c.x_ticks.is_empty() {
        let step = nice_step(x_max - x_min, 6.0);
        let mut t = Vec::new();
        let mut x = (x_min / step).ceil() * step;
        while x <= x_max + step * 1e-9 {
            t.push((x, number(x)));
            x += step;
        }
        t
    } else {
        c.x_ticks.clone()
    };
    for (x, label) in &ticks {
        axes = axes
            .add(
                Line::new()
                    .set("x1", format!("{:.1}", px(*x)))
                    .set("x2", format!("{:.1}", px(*x)))
                    .set("y1", TOP + plot_h)
                    .set("y2", TOP + plot_h + 5.0)
                    .set("stroke", "#333333"),
            )
            .add(text(px(*x), TOP + plot_h + 20.0, label, "middle", 12));
    }
    axes = axes
        .add(
            Line::new()
                .set("x1", LEFT)
                .set("x2", LEFT + plot_w)
                .set("y1", TOP + plot_h)
                .set("y2", TOP + plot_h)
                .set("stroke", "#333333"),
        )
        .add(text(
            LEFT + plot_w / 2.0,
            H - 15.0,
            &c.x_label,
            "middle",
            14,
        ));
    doc = doc.add(axes);

    // Stacked series, bottom first.
    let mut below = vec![0.0; n];
    for s in &c.series {
        let above: Vec<f64> = below.iter().zip(&s.values).map(|(b, v)| b + v).collect();
        let mut g = Group::new()
            .set("id", format!("series-{}", s.id))
            .set("class", "series");
        if c.bars {
            let width = (plot_w / n.max(1) as f64 * 0.8).max(1.0);
            for i in 0..n {
                if s.values[i] > 0.0 {
                    g = g.add(
                        Rectangle::new()
                            .set("x", format!("{:.1}", px(c.xs[i]) - width / 2.0))
                            .set("y", format!("{:.1}", py(above[i])))
                            .set("width", format!("{width:.1}"))
                            .set("height", format!("{:.1}", py(below[i]) - py(above[i])))
                            .set("fill", s.color),
                    );
                }
            }
        } else if n > 0 {
            let mut data = Data::new().move_to((px(c.xs[0]), py(above[0])));
            for (x, y) in c.xs.iter().zip(&above).skip(1) {
                data = data.line_to((px(*x), py(*y)));
            }
            for (x, y) in c.xs.iter().zip(&below).rev() {
                data = data.line_to((px(*x), py(*y)));
            }
            g = g.add(
                Path::new()
                    .set("d", data.close())
                    .set("fill", s.color)
                    .set("stroke", "none"),
            );
        }
        doc = doc.add(g);
        below = above;
    }

    // Markers.
    let mut markers = Group::new().set("id", "markers");
    for (i, (x, label)) in c.markers.iter().enumerate() {
        markers = markers
            .add(
                Line::new()
                    .set("id", format!("cliff-{}", i + 1))
                    .set("class", "cliff")
                    .set("x1", format!("{:.1}", px(*x)))
                    .set("x2", format!("{:.1}", px(*x)))
                    .set("y1", TOP)
                    .set("y2", TOP + plot_h)
                    .set("stroke", "#c00000")
                    .set("stroke-dasharray", "6 4"),
            )
            .add(
                text(
                    px(*x) + 4.0,
                    TOP + 14.0 + 14.0 * (i % 4) as f64,
                    label,
                    "start",
                    11,
                )
                .set("fill", "#c00000"),
            );
    }
    doc = doc.add(markers);

    // Legend, top series first.
    let mut legend = Group::new().set("id", "legend");
    for (i, s) in c.series.iter().rev().enumerate() {
        let y = TOP + 10.0 + 22.0 * i as f64;
        legend = legend
            .add(
                Rectangle::new()
                    .set("x", W - RIGHT + 20.0)
                    .set("y", y)
                    .set("width", 14)
                    .set("height", 14)
                    .set("fill", s.color),
            )
            .add(text(W - RIGHT + 40.0, y + 12.0, &s.label, "start", 13));
    }
    doc = doc.add(legend);
    doc.to_string()
}
