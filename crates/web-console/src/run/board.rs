//! The runs this tab is following, kept above the pages: starting a run moves from the start
//! form to the run's own page without dropping its stream.

use leptos::prelude::*;

use crate::run::live::LiveRun;

#[derive(Clone)]
pub struct RunBoard {
    /// The app's owner: a live run's signals must outlive the page that started it.
    owner: Owner,
    runs: StoredValue<Vec<(i64, LiveRun)>>,
}

impl RunBoard {
    pub fn new() -> RunBoard {
        RunBoard { owner: Owner::current().unwrap_or_default(), runs: StoredValue::new(Vec::new()) }
    }

    /// A fresh live run owned by the app, not by the page that asks.
    pub fn create(&self, run_id: Option<i64>) -> LiveRun {
        self.owner.with(|| LiveRun::new(run_id))
    }

    pub fn find(&self, run_id: i64) -> Option<LiveRun> {
        self.runs
            .with_value(|runs| runs.iter().find(|(id, _)| *id == run_id).map(|(_, live)| *live))
    }

    pub fn keep(&self, run_id: i64, live: LiveRun) {
        self.runs.update_value(|runs| {
            runs.retain(|(id, _)| *id != run_id);
            runs.push((run_id, live));
        });
    }
}

pub fn use_board() -> RunBoard {
    expect_context::<RunBoard>()
}
