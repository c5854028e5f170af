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

use crate::platform::routes::routes;

routes! {
    LIST_NOTIFICATIONS: GET "/v1/notifications" => "list-notifications", api::list_notifications;
    COUNT_UNREAD_NOTIFICATIONS: GET "/v1/notifications/unread-count" => "count-unread-notifications", api::count_unread_notifications;
    LIST_NOTIFICATION_REQUESTS: GET "/v1/notifications/requests" => "list-notification-requests", api::list_notification_requests;
    MARK_ALL_NOTIFICATIONS_READ: POST "/v1/notifications/read" => "mark-all-notifications-read", api::mark_all_notifications_read;
    UNSUBSCRIBE_NOTIFICATIONS: POST "/v1/notifications/unsubscribe" => "unsubscribe-notifications", api::unsubscribe_notifications;
    MARK_NOTIFICATION_READ: POST "/v1/notifications/{notification_id}/read" => "mark-notification-read", api::mark_notification_read;
    ACCEPT_NOTIFICATION_REQUEST: POST "/v1/notifications/{notification_id}/accept" => "accept-notification-request", api::accept_notification_request;
    DISMISS_NOTIFICATION: DELETE "/v1/notifications/{notification_id}" => "dismiss-notification", api::dismiss_notification;
    LIST_NOTIFICATION_ACTORS: GET "/v1/notifications/{notification_id}/actors" => "list-notification-actors", api::list_notification_actors;
    GET_NOTIFICATION_SETTINGS: GET "/v1/me/notification-settings" => "get-notification-settings", api::get_notification_settings;
    UPDATE_NOTIFICATION_SETTINGS: PATCH "/v1/me/notification-settings" => "update-notification-settings", api::update_notification_settings;
    REGISTER_DEVICE: POST "/v1/me/devices" => "register-device", api::register_device, [Pushes];
    LIST_DEVICES: GET "/v1/me/devices" => "list-devices", api::list_devices;
    REMOVE_DEVICE: DELETE "/v1/me/devices/{device_id}" => "remove-device", api::remove_device, [Pushes];
    MUTE_POST_NOTIFICATIONS: PUT "/v1/posts/{post_id}/notification-mute" => "mute-post-notifications", api::mute_post_notifications;
    UNMUTE_POST_NOTIFICATIONS: DELETE "/v1/posts/{post_id}/notification-mute" => "unmute-post-notifications", api::unmute_post_notifications;
}
