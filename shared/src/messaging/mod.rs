//! Direct messages: one-to-one and group conversations, a request inbox for
//! strangers, messages with replies, edits, deletion and reactions, read
//! state and unread counts. Real-time delivery is the `realtime` slice's,
//! fed by this slice's events.

pub mod api;
pub mod events;
pub mod keys;
pub mod messages;
pub mod model;
pub mod service;
pub mod store;
pub mod views;

use crate::platform::routes::{Route, route};

/// This feature's slice of the route table.
pub static ROUTES: &[Route] = &[
    route!(POST "/v1/conversations" => "create-conversation", api::create_conversation),
    route!(GET "/v1/conversations" => "list-conversations", api::list_conversations),
    route!(GET "/v1/me/unread" => "count-unread", api::count_unread),
    route!(GET "/v1/conversations/{conversation_id}" => "get-conversation", api::get_conversation),
    route!(PATCH "/v1/conversations/{conversation_id}" => "update-conversation", api::update_conversation),
    route!(PATCH "/v1/conversations/{conversation_id}/me" => "update-my-conversation", api::update_my_conversation),
    route!(POST "/v1/conversations/{conversation_id}/accept" => "accept-conversation", api::accept_conversation),
    route!(POST "/v1/conversations/{conversation_id}/decline" => "decline-conversation", api::decline_conversation),
    route!(POST "/v1/conversations/{conversation_id}/members" => "add-conversation-member", api::add_conversation_member),
    route!(DELETE "/v1/conversations/{conversation_id}/members/{username}" => "remove-conversation-member", api::remove_conversation_member),
    route!(POST "/v1/conversations/{conversation_id}/read" => "mark-conversation-read", api::mark_conversation_read),
    route!(POST "/v1/conversations/{conversation_id}/messages" => "send-message", api::send_message, [SignsMediaLinks]),
    route!(GET "/v1/conversations/{conversation_id}/messages" => "list-messages", api::list_messages, [SignsMediaLinks]),
    route!(PATCH "/v1/conversations/{conversation_id}/messages/{message_id}" => "edit-message", api::edit_message, [SignsMediaLinks]),
    route!(DELETE "/v1/conversations/{conversation_id}/messages/{message_id}" => "delete-message", api::delete_message),
    route!(PUT "/v1/conversations/{conversation_id}/messages/{message_id}/reaction" => "react-to-message", api::react_to_message, [SignsMediaLinks]),
    route!(DELETE "/v1/conversations/{conversation_id}/messages/{message_id}/reaction" => "remove-message-reaction", api::remove_message_reaction),
    route!(GET "/v1/me/messaging" => "get-messaging-settings", api::get_messaging_settings),
    route!(PATCH "/v1/me/messaging" => "update-messaging-settings", api::update_messaging_settings),
];
