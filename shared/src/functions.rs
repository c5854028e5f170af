//! Every function Kith deploys: the route table, assembled from the features'
//! slices, and the event handlers. This is the one list that the binaries, the
//! local host, template.yaml, the router config, events/ and the OpenAPI
//! document are checked against.

use crate::platform::routes::{EventHandler, Route};
use std::sync::LazyLock;

/// Every HTTP route, in the features' order.
pub static ROUTES: LazyLock<Vec<&'static Route>> = LazyLock::new(|| {
    [
        crate::accounts::ROUTES,
        crate::profiles::ROUTES,
        crate::graph::ROUTES,
        crate::posts::ROUTES,
        crate::media::ROUTES,
        crate::comments::ROUTES,
        crate::engagement::ROUTES,
        crate::communities::ROUTES,
    ]
    .into_iter()
    .flatten()
    .collect()
});

/// The route a function binary serves.
pub fn route(function: &str) -> Option<&'static Route> {
    ROUTES.iter().copied().find(|r| r.function == function)
}

pub static EVENT_HANDLERS: &[EventHandler] = &[
    EventHandler {
        function: "publish-events",
        handler: |app, event| Box::pin(crate::platform::publish::handle(app, event)),
    },
    EventHandler {
        function: "backfill-feed",
        handler: |app, event| Box::pin(crate::feeds::backfill_event::handle(app, event)),
    },
    EventHandler {
        function: "fanout-post",
        handler: |app, event| Box::pin(crate::feeds::events::handle(app, event)),
    },
    EventHandler {
        function: "delete-media",
        handler: |app, event| Box::pin(crate::media::events::handle(app, event)),
    },
    EventHandler {
        function: "process-media",
        handler: |app, event| Box::pin(crate::media::process_event::handle(app, event)),
    },
    EventHandler {
        function: "rank-post",
        handler: |app, event| Box::pin(crate::votes::events::handle(app, event)),
    },
];

/// The event handler a function binary runs.
pub fn event_handler(function: &str) -> Option<&'static EventHandler> {
    EVENT_HANDLERS.iter().find(|h| h.function == function)
}
