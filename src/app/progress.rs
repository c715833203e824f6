//! A progress bar on standard error for long runs (batches, draws, sweeps): shown only when
//! standard error is a terminal and the run has lasted a second, never in a pipe or a file.

use crate::catalog::Lang;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// After this long a run is long enough to show its progress: a second, or the milliseconds
/// that `ACI_CPTS_PROGRESS_AFTER_MS` gives (0: at once).
fn show_after() -> Duration {
    std::env::var("ACI_CPTS_PROGRESS_AFTER_MS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .map_or(Duration::from_secs(1), Duration::from_millis)
}

/// The bar shown, if any: lines said on standard error meanwhile are printed above it.
static SHOWN: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// Progress of a run: a count of things done, of a known total or not.
pub struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    after: Duration,
    shown: bool,
}

impl Progress {
    /// Progress over `total` things (`None`: not known, e.g. the rows of a CSV still to read)
    /// that the catalog's `things` names.
    pub fn new(lang: Lang, total: Option<u64>, things: &str) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let hidden = ProgressDrawTarget::hidden();
            let (template, bar) = match total {
                Some(n) => (
                    "progress.with_total",
                    ProgressBar::with_draw_target(Some(n), hidden),
                ),
                None => (
                    "progress.without_total",
                    ProgressBar::with_draw_target(None, hidden),
                ),
            };
            let template = lang.fill(template, &[("things", lang.t(things))]);
            if let Ok(style) = ProgressStyle::with_template(&template) {
                bar.set_style(style);
            }
            bar
        });
        Progress {
            bar,
            started: Instant::now(),
            after: show_after(),
            shown: false,
        }
    }

    /// `n` done in all.
    pub fn set(&mut self, n: u64) {
        let Some(bar) = &self.bar else {
            return;
        };
        if !self.shown && self.started.elapsed() >= self.after {
            self.shown = true;
            bar.set_draw_target(ProgressDrawTarget::stderr());
            if let Ok(mut shown) = SHOWN.lock() {
                *shown = Some(bar.clone());
            }
        }
        bar.set_position(n);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if self.shown
            && let Ok(mut shown) = SHOWN.lock()
        {
            *shown = None;
        }
    }
}

/// Runs `print` (which writes to standard error) with the bar shown, if any, out of the way.
pub fn above(print: impl FnOnce()) {
    let bar = SHOWN.lock().ok().and_then(|b| b.clone());
    match bar {
        Some(bar) => bar.suspend(print),
        None => print(),
    }
}
