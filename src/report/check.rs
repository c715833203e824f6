//! What `tariffs check` found, file by file, with positions already resolved.

/// The outcome for every file checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    /// One entry per file, in the order given.
    pub files: Vec<CheckedFile>,
}

/// The findings for one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedFile {
    /// The file as the user named it (a shipped table: `tariffs/ID.toml`).
    pub name: String,
    /// The table's id, when it could be read.
    pub id: Option<String>,
    /// How many cross-checks it declares.
    pub cross_checks: usize,
    /// Its problems, in the order found.
    pub problems: Vec<Problem>,
}

/// One error or warning at a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file the place is in (for a draft, possibly the table it extends).
    pub file: String,
    /// 1-based line, when the problem has a place.
    pub line: Option<usize>,
    /// 1-based column, in characters.
    pub column: Option<usize>,
    /// An error (the table cannot be used) or a warning.
    pub error: bool,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// Where it is in the file's text, to list problems in the file's order.
    pub offset: Option<usize>,
}

impl CheckReport {
    /// How many errors in all.
    pub fn errors(&self) -> usize {
        self.count(true)
    }

    /// How many warnings in all.
    pub fn warnings(&self) -> usize {
        self.count(false)
    }

    fn count(&self, error: bool) -> usize {
        self.files
            .iter()
            .flat_map(|f| &f.problems)
            .filter(|p| p.error == error)
            .count()
    }
}
