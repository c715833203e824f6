//! SVG charts, drawn with the pure-Rust `svg` writer (no system library): a stacked area (or
//! stacked bars) of money against a parameter or a date, with markers (cliffs). Both axes are
//! titled; a jump at a marker is drawn as a step, not a slope; no label is drawn over another or
//! over the legend (tick labels are thinned, a cliff's label moves down or to the left of its
//! line, and is left to the line's tooltip when there is no room).

use crate::report::format::{axis_euros as euros, axis_number as number, axis_percent};
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

/// How numeric x ticks read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XFormat {
    /// `80 000`, `0.25`.
    Number,
    /// Whole numbers only: ticks one apart at least.
    Integer,
    /// A fraction as a percentage: `20 %`.
    Percent,
}

/// A stacked chart.
#[derive(Debug, Clone)]
pub struct Chart {
    /// Title.
    pub title: String,
    /// Title of the horizontal axis, with its unit.
    pub x_label: String,
    /// Title of the vertical axis, with its unit.
    pub y_label: String,
    /// How the numeric x ticks read (when `x_ticks` is empty).
    pub x_format: XFormat,
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

impl Chart {
    /// Adds a point: its x and one value per series.
    fn point(&mut self, x: f64, values: &[f64]) {
        self.xs.push(x);
        for (s, v) in self.series.iter_mut().zip(values) {
            s.values.push(*v);
        }
    }
}

/// Columns a chart's points are gathered in: two per pixel of the plot.
const COLUMNS: f64 = 2.0 * (W - LEFT - RIGHT);

/// One point waiting in its column.
#[derive(Default)]
struct Point {
    x: f64,
    values: Vec<f64>,
    total: f64,
}

impl Point {
    fn set(&mut self, x: f64, values: &[f64], total: f64) {
        self.x = x;
        self.values.clear();
        self.values.extend_from_slice(values);
        self.total = total;
    }
}

/// Takes a chart's points as they come, in order of x, and keeps what the eye can see: in each
/// half-pixel column the first and last points and those of the lowest and highest total, and
/// every point with a marker (a cliff) with the one before it. A million points make a chart of
/// a few thousand, in memory that does not grow with them.
pub struct Thin {
    lo: f64,
    span: f64,
    column: Option<i64>,
    /// First, lowest, highest, last of the column; `None` until seen.
    kept: [Option<Point>; 4],
    spare: Vec<Point>,
}

impl Thin {
    /// For points whose x run from `lo` to `hi`.
    pub fn between(lo: f64, hi: f64) -> Thin {
        Thin {
            lo,
            span: hi - lo,
            column: None,
            kept: Default::default(),
            spare: Vec::new(),
        }
    }

    fn column_of(&self, x: f64) -> i64 {
        if self.span > 0.0 {
            ((x - self.lo) / self.span * COLUMNS).floor() as i64
        } else {
            0
        }
    }

    /// Adds a point: its x, one value per series, and its marker.
    pub fn push(&mut self, chart: &mut Chart, x: f64, values: &[f64], marker: Option<String>) {
        let column = self.column_of(x);
        if self.column != Some(column) || marker.is_some() {
            self.flush(chart);
            self.column = Some(column);
        }
        let total: f64 = values.iter().sum();
        if let Some(m) = marker {
            chart.point(x, values);
            chart.markers.push((x, m));
            return;
        }
        let [first, low, high, last] = &mut self.kept;
        let spare = &mut self.spare;
        let mut take = |slot: &mut Option<Point>| {
            slot.get_or_insert_with(|| spare.pop().unwrap_or_default())
                .set(x, values, total);
        };
        if first.is_none() {
            take(first);
        }
        if low.as_ref().is_none_or(|p| total < p.total) {
            take(low);
        }
        if high.as_ref().is_none_or(|p| total > p.total) {
            take(high);
        }
        take(last);
    }

    /// Writes the column's points into the chart, in order of x, each once.
    pub fn flush(&mut self, chart: &mut Chart) {
        let mut points: Vec<Point> = self.kept.iter_mut().filter_map(Option::take).collect();
        points.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut previous = None;
        for p in &points {
            if previous == Some(p.x) {
                continue;
            }
            previous = Some(p.x);
            chart.point(p.x, &p.values);
        }
        self.spare.extend(points);
    }
}

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

/// A box a label takes: left, top, right, bottom.
#[derive(Debug, Clone, Copy)]
struct Area(f64, f64, f64, f64);

impl Area {
    fn overlaps(&self, o: &Area) -> bool {
        self.0 < o.2 && o.0 < self.2 && self.1 < o.3 && o.1 < self.3
    }
}

/// About how wide a text is in a sans-serif font: generous, so that labels kept apart by it are
/// apart in any common font.
pub fn text_width(s: &str, size: f64) -> f64 {
    s.chars().count() as f64 * size * 0.62
}

/// The box of a text drawn at (x, y) (its baseline) with an anchor.
fn area(x: f64, y: f64, s: &str, anchor: &str, size: f64) -> Area {
    let w = text_width(s, size);
    let left = match anchor {
        "middle" => x - w / 2.0,
        "end" => x - w,
        _ => x,
    };
    Area(left, y - size, left + w, y + size * 0.3)
}

fn text(x: f64, y: f64, s: &str, anchor: &str, size: u32) -> Text {
    // A control character is no XML even escaped: it is shown as U+FFFD.
    Text::new(crate::report::format::visible(s))
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
        (x_max - x_min) / (n.max(2) as f64 - 1.0) / 2.0
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
    // Every label drawn, so that none is drawn over another.
    let mut taken: Vec<Area> = Vec::new();

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
    taken.push(area(W / 2.0, 28.0, &c.title, "middle", 18.0));

    // Legend, top series first, to the right of the plot.
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
            .add(
                text(W - RIGHT + 40.0, y + 12.0, &s.label, "start", 13)
                    .set("class", "label legend"),
            );
        taken.push(Area(W - RIGHT + 20.0, y, W - RIGHT + 34.0, y + 14.0));
        taken.push(area(W - RIGHT + 40.0, y + 12.0, &s.label, "start", 13.0));
    }

    // Grid, y axis and its title.
    let mut axes = Group::new().set("id", "axes");
    let mut y = 0.0;
    while y <= y_top + y_step / 2.0 {
        let label = euros(y);
        axes = axes
            .add(
                Line::new()
                    .set("x1", LEFT)
                    .set("x2", LEFT + plot_w)
                    .set("y1", format!("{:.1}", py(y)))
                    .set("y2", format!("{:.1}", py(y)))
                    .set("stroke", "#dddddd"),
            )
            .add(text(LEFT - 8.0, py(y) + 4.0, &label, "end", 12).set("class", "label"));
        taken.push(area(LEFT - 8.0, py(y) + 4.0, &label, "end", 12.0));
        y += y_step;
    }
    axes = axes.add(
        text(0.0, 0.0, &c.y_label, "middle", 14)
            .set("id", "y-title")
            .set(
                "transform",
                format!("translate(22 {:.1}) rotate(-90)", TOP + plot_h / 2.0),
            ),
    );
    // x ticks: given (months), or numbers; a tick whose label would touch the one before is
    // left out.
    let ticks: Vec<(f64, String)> = if c.x_ticks.is_empty() {
        let mut step = nice_step(x_max - x_min, 6.0);
        if c.x_format == XFormat::Integer {
            step = step.max(1.0).round();
        }
        // Bars are things apart (contract years): each gets its tick, if there is room.
        if c.bars && c.x_format == XFormat::Integer {
            step = 1.0;
        }
        let mut t = Vec::new();
        let mut x = (x_min / step).ceil() * step;
        while x <= x_max + step * 1e-9 {
            let label = match c.x_format {
                XFormat::Percent => axis_percent(x),
                XFormat::Number | XFormat::Integer => number(x),
            };
            t.push((x, label));
            x += step;
        }
        t
    } else {
        c.x_ticks.clone()
    };
    let mut last_right = f64::NEG_INFINITY;
    for (x, label) in &ticks {
        let at = px(*x);
        let b = area(at, TOP + plot_h + 20.0, label, "middle", 12.0);
        if b.0 < last_right + 8.0 || b.0 < 0.0 || b.2 > W {
            continue;
        }
        last_right = b.2;
        taken.push(b);
        axes = axes
            .add(
                Line::new()
                    .set("x1", format!("{at:.1}"))
                    .set("x2", format!("{at:.1}"))
                    .set("y1", TOP + plot_h)
                    .set("y2", TOP + plot_h + 5.0)
                    .set("stroke", "#333333"),
            )
            .add(text(at, TOP + plot_h + 20.0, label, "middle", 12).set("class", "label"));
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
        .add(
            text(LEFT + plot_w / 2.0, H - 15.0, &c.x_label, "middle", 14)
                .set("id", "x-title")
                .set("class", "label"),
        );
    taken.push(area(
        LEFT + plot_w / 2.0,
        H - 15.0,
        &c.x_label,
        "middle",
        14.0,
    ));
    doc = doc.add(axes);

    // Stacked series, bottom first. At a marker the total jumps: the area keeps its height up to
    // the marker's x, then rises or falls straight.
    let jumps: Vec<f64> = c.markers.iter().map(|(x, _)| *x).collect();
    let mut below = vec![0.0; n];
    for s in &c.series {
        let above: Vec<f64> = below.iter().zip(&s.values).map(|(b, v)| b + v).collect();
        let mut g = Group::new()
            .set("id", format!("series-{}", s.id))
            .set("class", "series");
        if c.bars {
            let width = (plot_w / n.max(1) as f64 * 0.7).max(1.0);
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
            let outline = |ys: &[f64]| -> Vec<(f64, f64)> {
                let mut pts = vec![(px(c.xs[0]), py(ys[0]))];
                for i in 1..n {
                    if jumps.contains(&c.xs[i]) {
                        pts.push((px(c.xs[i]), py(ys[i - 1])));
                    }
                    pts.push((px(c.xs[i]), py(ys[i])));
                }
                pts
            };
            let top = outline(&above);
            let bottom = outline(&below);
            let mut data = Data::new().move_to(top[0]);
            for p in top.iter().skip(1) {
                data = data.line_to(*p);
            }
            for p in bottom.iter().rev() {
                data = data.line_to(*p);
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

    // Markers: a dashed line, and its label where it fits — right of the line, else left of
    // it, lower and lower; with no room, the label is the line's tooltip only.
    let mut markers = Group::new().set("id", "markers");
    // Labels after every line, so that no line is drawn over a label.
    let mut labels = Group::new().set("id", "marker-labels");
    let right_edge = LEFT + plot_w;
    for (i, (x, label)) in c.markers.iter().enumerate() {
        let at = px(*x);
        markers = markers.add(
            Line::new()
                .set("id", format!("cliff-{}", i + 1))
                .set("class", "cliff")
                .set("x1", format!("{at:.1}"))
                .set("x2", format!("{at:.1}"))
                .set("y1", TOP)
                .set("y2", TOP + plot_h)
                .set("stroke", "#c00000")
                .set("stroke-dasharray", "6 4")
                .add(svg::node::element::Title::new(
                    crate::report::format::visible(label).into_owned(),
                )),
        );
        let spot = (0..12).find_map(|row| {
            let y = TOP + 14.0 + 15.0 * row as f64;
            [(at + 4.0, "start"), (at - 4.0, "end")]
                .into_iter()
                .map(|(x, anchor)| (x, y, anchor, area(x, y, label, anchor, 11.0)))
                .find(|(_, _, _, b)| {
                    b.0 >= LEFT && b.2 <= right_edge && !taken.iter().any(|t| t.overlaps(b))
                })
        });
        if let Some((x, y, anchor, b)) = spot {
            taken.push(b);
            labels = labels.add(
                text(x, y, label, anchor, 11)
                    .set("fill", "#c00000")
                    // A white halo: another cliff's line does not cross the words.
                    .set("stroke", "white")
                    .set("stroke-width", 4)
                    .set("paint-order", "stroke")
                    .set("class", "label marker"),
            );
        }
    }
    doc = doc.add(markers).add(labels).add(legend);
    doc.to_string()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn empty() -> Chart {
        Chart {
            title: String::new(),
            x_label: String::new(),
            y_label: String::new(),
            x_format: XFormat::Number,
            xs: Vec::new(),
            x_ticks: Vec::new(),
            series: ["a", "b"]
                .map(|id| Series {
                    id,
                    label: id.to_string(),
                    color: "#000000",
                    values: Vec::new(),
                })
                .into(),
            markers: Vec::new(),
            bars: false,
        }
    }

    /// A million points of a sawtooth with steps: what is kept is bounded by the plot's width,
    /// holds the first and last points, every extreme of every column, and every marker with
    /// the point before it.
    #[test]
    fn a_million_points_keep_what_the_eye_sees() {
        let n = 1_000_000u32;
        let mut chart = empty();
        let mut thin = Thin::between(0.0, f64::from(n - 1));
        let value = |i: u32| -> [f64; 2] {
            let step = f64::from(i / 250_000) * 1000.0;
            [step, f64::from(i % 977)]
        };
        let mut markers = 0;
        for i in 0..n {
            let cliff = i > 0 && i % 250_000 == 0;
            markers += usize::from(cliff);
            thin.push(
                &mut chart,
                f64::from(i),
                &value(i),
                cliff.then(|| format!("{i}")),
            );
        }
        thin.flush(&mut chart);
        assert_eq!(chart.markers.len(), markers);
        assert!(
            chart.xs.len() <= 4 * COLUMNS as usize + 2 * markers,
            "{}",
            chart.xs.len()
        );
        assert!(
            chart.xs.windows(2).all(|w| w[0] < w[1]),
            "in order, each once"
        );
        assert_eq!(chart.xs[0], 0.0);
        assert_eq!(*chart.xs.last().unwrap(), f64::from(n - 1));
        for (x, _) in &chart.markers {
            let at = chart.xs.iter().position(|k| k == x).unwrap();
            assert_eq!(chart.xs[at - 1], x - 1.0, "the point before a step is kept");
        }
        // Every column keeps its highest and lowest totals: the sawtooth's 976 and 0 above each
        // step, seen in each of the columns wider than a tooth.
        let total = |i: usize| chart.series[0].values[i] + chart.series[1].values[i];
        let kept_max = (0..chart.xs.len()).map(total).fold(0.0, f64::max);
        assert_eq!(kept_max, 3000.0 + 976.0);
        let columns_with_a_tooth_top = (0..chart.xs.len())
            .filter(|&i| chart.series[1].values[i] == 976.0)
            .count();
        assert!(
            columns_with_a_tooth_top > 1000,
            "{columns_with_a_tooth_top}"
        );
    }
}
