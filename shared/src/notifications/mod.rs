//! Notifications: what events mean to each account concerned, grouped
//! server-side (reactions, reposts and follows on one target in one day),
//! screened by blocks, mutes, a per-account policy and preferences, listed,
//! counted, marked read, pushed live to open WebSocket connections and to
//! registered devices through SNS.

pub mod api;
pub mod device_store;
pub mod digest;
pub mod digest_store;
pub mod email;
pub mod events;
pub mod keys;
pub mod model;
pub mod push;
pub mod service;
pub mod store;
pub mod views;

use crate::platform::routes::{Route, route};

/// This feature's slice of the route table.
pub static ROUTES: &[Route] = &[
    route!(GET "/v1/notifications" => "list-notifications", api::list_notifications),
    route!(GET "/v1/notifications/unread-count" => "count-unread-notifications", api::count_unread_notifications),
    route!(GET "/v1/notifications/requests" => "list-notification-requests", api::list_notification_requests),
    route!(POST "/v1/notifications/read" => "mark-all-notifications-read", api::mark_all_notifications_read),
    route!(POST "/v1/notifications/unsubscribe" => "unsubscribe-notifications", api::unsubscribe_notifications),
    route!(POST "/v1/notifications/{notification_id}/read" => "mark-notification-read", api::mark_notification_read),
    route!(POST "/v1/notifications/{notification_id}/accept" => "accept-notification-request", api::accept_notification_request),
    route!(DELETE "/v1/notifications/{notification_id}" => "dismiss-notification", api::dismiss_notification),
    route!(GET "/v1/notifications/{notification_id}/actors" => "list-notification-actors", api::list_notification_actors),
    route!(GET "/v1/me/notification-settings" => "get-notification-settings", api::get_notification_settings),
    route!(PATCH "/v1/me/notification-settings" => "update-notification-settings", api::update_notification_settings),
    route!(POST "/v1/me/devices" => "register-device", api::register_device, [Pushes]),
    route!(GET "/v1/me/devices" => "list-devices", api::list_devices),
    route!(DELETE "/v1/me/devices/{device_id}" => "remove-device", api::remove_device, [Pushes]),
    route!(PUT "/v1/posts/{post_id}/notification-mute" => "mute-post-notifications", api::mute_post_notifications),
    route!(DELETE "/v1/posts/{post_id}/notification-mute" => "unmute-post-notifications", api::unmute_post_notifications),
];
