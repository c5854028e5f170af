//! Every function Kith deploys: the route table, assembled from the features'
//! slices, and the event handlers. This is the one list that the binaries, the
//! local host, template.yaml, the router config, events/ and the OpenAPI
//! document are checked against.

use crate::platform::routes::{EventHandler, Route, event_handler};
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
        crate::votes::ROUTES,
        crate::moderation::ROUTES,
        crate::feeds::ROUTES,
        crate::messaging::ROUTES,
        crate::notifications::ROUTES,
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
    event_handler!("publish-events", crate::platform::publish::handle),
    event_handler!("backfill-feed", crate::feeds::events::backfill_feed),
    event_handler!("fanout-post", crate::feeds::events::fanout_post),
    event_handler!("delete-media", crate::media::events::delete_media),
    event_handler!("erase-deleted", crate::erasure::events::erase_deleted),
    event_handler!("process-media", crate::media::events::process_media),
    event_handler!("rank-post", crate::votes::events::rank_post),
    event_handler!("update-inboxes", crate::messaging::events::update_inboxes),
    event_handler!("push-realtime", crate::realtime::events::push_realtime),
    event_handler!("notify", crate::notifications::events::notify),
    event_handler!(
        "notify-messages",
        crate::notifications::events::notify_messages
    ),
    event_handler!(
        "release-pushes",
        crate::notifications::events::release_pushes
    ),
    event_handler!("send-digests", crate::notifications::events::send_digests),
    event_handler!("push-failures", crate::notifications::events::push_failures),
    event_handler!("count-activity", crate::operations::events::count_activity),
    event_handler!(
        "send-daily-report",
        crate::operations::events::send_daily_report
    ),
    event_handler!(
        "email-feedback",
        crate::notifications::events::email_feedback
    ),
    event_handler!("ws-connect", crate::realtime::socket::connect),
    event_handler!("ws-disconnect", crate::realtime::socket::disconnect),
    event_handler!("ws-default", crate::realtime::socket::default),
    event_handler!("ws-typing", crate::realtime::socket::typing),
    event_handler!("ws-ping", crate::realtime::socket::ping),
    event_handler!("ws-presence", crate::realtime::socket::presence),
];

/// A route of the WebSocket API: its route key (`$connect`, or the
/// `action` of a client's frame) and the event handler serving it.
pub struct SocketRoute {
    pub route_key: &'static str,
    pub function: &'static str,
    /// Whether it sends frames back (`execute-api:ManageConnections`).
    pub pushes: bool,
}

/// The WebSocket API: route selection on `$request.body.action`.
pub static SOCKET_ROUTES: &[SocketRoute] = &[
    SocketRoute {
        route_key: "$connect",
        function: "ws-connect",
        pushes: false,
    },
    SocketRoute {
        route_key: "$disconnect",
        function: "ws-disconnect",
        pushes: false,
    },
    SocketRoute {
        route_key: "$default",
        function: "ws-default",
        pushes: true,
    },
    SocketRoute {
        route_key: "typing",
        function: "ws-typing",
        pushes: true,
    },
    SocketRoute {
        route_key: "ping",
        function: "ws-ping",
        pushes: true,
    },
    SocketRoute {
        route_key: "presence",
        function: "ws-presence",
        pushes: true,
    },
];

/// The event handler a function binary runs.
pub fn event_handler(function: &str) -> Option<&'static EventHandler> {
    EVENT_HANDLERS.iter().find(|h| h.function == function)
}
