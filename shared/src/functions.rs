//! Every function Kith deploys: the route table, assembled from the features'
//! slices, and the event handlers. This is the one list that the binaries, the
//! local host, template.yaml, the router config, events/ and the OpenAPI
//! document are checked against.

use crate::platform::routes::{EventHandler, Route, event_handlers};
use std::sync::LazyLock;

/// Every HTTP route, in the features' order.
pub static ROUTES: LazyLock<Vec<&'static Route>> = LazyLock::new(|| {
    [
        crate::accounts::ROUTES,
        crate::profiles::ROUTES,
        crate::flags::ROUTES,
        crate::analytics::ROUTES,
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
    .copied()
    .collect()
});

/// The route a function binary serves.
pub fn route(function: &str) -> Option<&'static Route> {
    ROUTES.iter().copied().find(|r| r.function == function)
}

// Every event handler: EventBridge rules, the table's stream, schedules
// and the WebSocket API's routes.
event_handlers! {
    PUBLISH_EVENTS: "publish-events", crate::platform::publish::handle;
    BACKFILL_FEED: "backfill-feed", crate::feeds::events::backfill_feed;
    FANOUT_POST: "fanout-post", crate::feeds::events::fanout_post;
    DELETE_MEDIA: "delete-media", crate::media::events::delete_media;
    ERASE_DELETED: "erase-deleted", crate::erasure::events::erase_deleted;
    PROCESS_MEDIA: "process-media", crate::media::events::process_media;
    RANK_POST: "rank-post", crate::votes::events::rank_post;
    UPDATE_INBOXES: "update-inboxes", crate::messaging::events::update_inboxes;
    PUSH_REALTIME: "push-realtime", crate::realtime::events::push_realtime;
    NOTIFY: "notify", crate::notifications::events::notify;
    NOTIFY_MESSAGES: "notify-messages", crate::notifications::events::notify_messages;
    RELEASE_PUSHES: "release-pushes", crate::notifications::events::release_pushes;
    SEND_DIGESTS: "send-digests", crate::notifications::events::send_digests;
    PUSH_FAILURES: "push-failures", crate::notifications::events::push_failures;
    COUNT_ACTIVITY: "count-activity", crate::operations::events::count_activity;
    SEND_DAILY_REPORT: "send-daily-report", crate::operations::events::send_daily_report;
    EMAIL_FEEDBACK: "email-feedback", crate::notifications::events::email_feedback;
    WS_CONNECT: "ws-connect", crate::realtime::socket::connect;
    WS_DISCONNECT: "ws-disconnect", crate::realtime::socket::disconnect;
    WS_DEFAULT: "ws-default", crate::realtime::socket::default;
    WS_TYPING: "ws-typing", crate::realtime::socket::typing;
    WS_PING: "ws-ping", crate::realtime::socket::ping;
    WS_PRESENCE: "ws-presence", crate::realtime::socket::presence;
}

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
    EVENT_HANDLERS
        .iter()
        .copied()
        .find(|h| h.function == function)
}

/// The function list as JSON (infra/functions.json, printed by
/// `cargo run -q -p kith-functions --example manifest`): what the CDK app
/// builds its functions and routes from, so it keeps no list of its own.
pub fn manifest() -> String {
    let routes: Vec<_> = ROUTES
        .iter()
        .map(|r| {
            let grants: Vec<_> = r.grants.iter().map(|g| format!("{g:?}")).collect();
            serde_json::json!({
                "function": r.function,
                "feature": r.feature(),
                "method": r.method.as_str(),
                "path": r.path,
                "grants": grants,
            })
        })
        .collect();
    let sockets: Vec<_> = SOCKET_ROUTES
        .iter()
        .map(|r| {
            serde_json::json!({ "routeKey": r.route_key, "function": r.function, "pushes": r.pushes })
        })
        .collect();
    let handlers: Vec<_> = EVENT_HANDLERS.iter().map(|h| h.function).collect();
    let manifest = serde_json::json!({
        "routes": routes,
        "eventHandlers": handlers,
        "socketRoutes": sockets,
    });
    serde_json::to_string_pretty(&manifest).expect("JSON values serialize") + "\n"
}
