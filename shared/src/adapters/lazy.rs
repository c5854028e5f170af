//! SDK clients built on first use, so a function's cold start builds only
//! the clients that function calls.

use std::sync::OnceLock;

type Build<C> = Box<dyn Fn() -> C + Send + Sync>;

pub struct Lazy<C> {
    build: Option<Build<C>>,
    client: OnceLock<C>,
}

impl<C> Lazy<C> {
    /// A client that `build` makes the first time it is used.
    pub fn new(build: impl Fn() -> C + Send + Sync + 'static) -> Self {
        Self {
            build: Some(Box::new(build)),
            client: OnceLock::new(),
        }
    }

    /// A client made already (tests point one at a stub).
    pub fn ready(client: C) -> Self {
        Self {
            build: None,
            client: OnceLock::from(client),
        }
    }

    pub fn get(&self) -> &C {
        self.client.get_or_init(|| match &self.build {
            Some(build) => build(),
            None => unreachable!("a ready client is set at construction"),
        })
    }
}

impl<C> std::fmt::Debug for Lazy<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = if self.client.get().is_some() {
            "built"
        } else {
            "not built yet"
        };
        f.debug_tuple("Lazy").field(&state).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn a_client_is_built_once_and_only_when_used() {
        let built = Arc::new(AtomicUsize::new(0));
        let counter = built.clone();
        let lazy = Lazy::new(move || counter.fetch_add(1, Ordering::SeqCst));
        assert_eq!(built.load(Ordering::SeqCst), 0);
        lazy.get();
        lazy.get();
        assert_eq!(built.load(Ordering::SeqCst), 1);
    }
}
