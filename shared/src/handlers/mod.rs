//! Event handlers: functions invoked by event sources (the table stream,
//! EventBridge rules) rather than by HTTP. Like the route table, this is the
//! one list of them that binaries, the local host and the contracts use.

pub mod backfill_feed;
pub mod delete_media;
pub mod fanout_post;
pub mod process_media;
pub mod publish_events;
pub mod rank_post;

use crate::context::App;
use crate::error::Error;
use serde_json::Value;
use std::future::Future;
use std::pin::Pin;

pub type EventFuture = Pin<Box<dyn Future<Output = Result<Value, Error>> + Send>>;

/// Takes the raw event JSON (each handler parses its own event type) and
/// returns the response JSON the event source expects.
pub type EventHandlerFn = fn(&'static App, Value) -> EventFuture;

pub struct EventHandler {
    /// The binary, SAM function and event file name.
    pub function: &'static str,
    pub handler: EventHandlerFn,
}

pub static EVENT_HANDLERS: &[EventHandler] = &[
    EventHandler {
        function: "publish-events",
        handler: |app, event| Box::pin(publish_events::handle(app, event)),
    },
    EventHandler {
        function: "backfill-feed",
        handler: |app, event| Box::pin(backfill_feed::handle(app, event)),
    },
    EventHandler {
        function: "fanout-post",
        handler: |app, event| Box::pin(fanout_post::handle(app, event)),
    },
    EventHandler {
        function: "delete-media",
        handler: |app, event| Box::pin(delete_media::handle(app, event)),
    },
    EventHandler {
        function: "process-media",
        handler: |app, event| Box::pin(process_media::handle(app, event)),
    },
    EventHandler {
        function: "rank-post",
        handler: |app, event| Box::pin(rank_post::handle(app, event)),
    },
];

pub fn event_handler(function: &str) -> Option<&'static EventHandler> {
    EVENT_HANDLERS.iter().find(|h| h.function == function)
}
