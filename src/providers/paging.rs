//! Pure. How reads page: the cursor of a page, the kinds of pagination, a parsed page, and
//! which pages to read next. Never sends anything.

use serde_json::{Map, Value as Json};

/// Logical request parameters (a JSON body for Tencent, a flattened query for Alibaba).
pub type Params = Map<String, Json>;

/// Where a paged read is: a page number, or a continuation token (`None` for the first page).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cursor {
    Number(u64),
    Token(Option<String>),
}

/// How a read call pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pagination {
    /// One request returns everything.
    Single,
    /// `PageNumber` from 0 (Tencent CCC), `page_size` per page.
    ZeroBased { page_size: u64 },
    /// `PageNumber` from 1 (Alibaba), `page_size` per page.
    OneBased { page_size: u64 },
    /// `NextToken` chaining (Tencent CIC), `page_size` per page.
    Token { page_size: u64 },
}

/// One page of a read, parsed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Items over all pages, when the response says.
    pub total: Option<u64>,
    /// The token of the next page; `None` on the last page.
    pub next_token: Option<String>,
}

impl Pagination {
    /// The cursor of the first page.
    pub fn first(self) -> Cursor {
        match self {
            Pagination::Single | Pagination::ZeroBased { .. } => Cursor::Number(0),
            Pagination::OneBased { .. } => Cursor::Number(1),
            Pagination::Token { .. } => Cursor::Token(None),
        }
    }

    /// Requested page size (`0` for a single read).
    pub fn page_size(self) -> u64 {
        match self {
            Pagination::Single => 0,
            Pagination::ZeroBased { page_size }
            | Pagination::OneBased { page_size }
            | Pagination::Token { page_size } => page_size,
        }
    }

    /// The pages to read after reading `page` at `cursor`. When a numbered read's total is
    /// known, the first page schedules every remaining page at once (so they can be read in
    /// parallel) and later pages schedule nothing; without a total, pages are read one after
    /// another until a short or empty one. Token reads follow the token.
    pub fn following<T>(self, cursor: &Cursor, page: &Page<T>) -> Vec<Cursor> {
        let (base, page_size) = match self {
            Pagination::Single => return Vec::new(),
            Pagination::Token { .. } => {
                let current = match cursor {
                    Cursor::Token(token) => token.as_deref(),
                    Cursor::Number(_) => None,
                };
                return match page.next_token.as_deref() {
                    Some(next) if !next.is_empty() && Some(next) != current => {
                        vec![Cursor::Token(Some(next.to_string()))]
                    }
                    _ => Vec::new(),
                };
            }
            Pagination::ZeroBased { page_size } => (0, page_size),
            Pagination::OneBased { page_size } => (1, page_size),
        };
        let Cursor::Number(number) = *cursor else {
            return Vec::new();
        };
        if page.items.is_empty() || page_size == 0 {
            return Vec::new();
        }
        match page.total {
            Some(total) if number == base => {
                let pages = total.div_ceil(page_size);
                (base + 1..base + pages).map(Cursor::Number).collect()
            }
            Some(_) => Vec::new(),
            None if (page.items.len() as u64) < page_size => Vec::new(),
            None => vec![Cursor::Number(number + 1)],
        }
    }
}

/// The page number of a numbered cursor (0 for a token cursor, which numbered reads never get).
pub fn page_number(cursor: &Cursor) -> u64 {
    match cursor {
        Cursor::Number(number) => *number,
        Cursor::Token(_) => 0,
    }
}
