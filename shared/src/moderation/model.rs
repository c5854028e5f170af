//! What moderators do to a post, named as the mod log names it.

/// Pinning a post to its community, or taking it down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinAction {
    Pin,
    Unpin,
}

/// Closing a thread to new comments, or opening it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockAction {
    Lock,
    Unlock,
}

impl PinAction {
    /// The mod-log action.
    pub fn name(self) -> &'static str {
        match self {
            Self::Pin => "pin",
            Self::Unpin => "unpin",
        }
    }
}

impl LockAction {
    /// The mod-log action.
    pub fn name(self) -> &'static str {
        match self {
            Self::Lock => "lock",
            Self::Unlock => "unlock",
        }
    }

    /// Whether the thread is locked afterwards.
    pub fn locked(self) -> bool {
        self == Self::Lock
    }
}
