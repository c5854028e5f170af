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

use crate::platform::routes::routes;

routes! {
    CREATE_CONVERSATION: POST "/v1/conversations" => "create-conversation", api::create_conversation;
    LIST_CONVERSATIONS: GET "/v1/conversations" => "list-conversations", api::list_conversations;
    COUNT_UNREAD: GET "/v1/me/unread" => "count-unread", api::count_unread;
    GET_CONVERSATION: GET "/v1/conversations/{conversation_id}" => "get-conversation", api::get_conversation;
    UPDATE_CONVERSATION: PATCH "/v1/conversations/{conversation_id}" => "update-conversation", api::update_conversation;
    UPDATE_MY_CONVERSATION: PATCH "/v1/conversations/{conversation_id}/me" => "update-my-conversation", api::update_my_conversation;
    ACCEPT_CONVERSATION: POST "/v1/conversations/{conversation_id}/accept" => "accept-conversation", api::accept_conversation;
    DECLINE_CONVERSATION: POST "/v1/conversations/{conversation_id}/decline" => "decline-conversation", api::decline_conversation;
    ADD_CONVERSATION_MEMBER: POST "/v1/conversations/{conversation_id}/members" => "add-conversation-member", api::add_conversation_member;
    REMOVE_CONVERSATION_MEMBER: DELETE "/v1/conversations/{conversation_id}/members/{username}" => "remove-conversation-member", api::remove_conversation_member;
    MARK_CONVERSATION_READ: POST "/v1/conversations/{conversation_id}/read" => "mark-conversation-read", api::mark_conversation_read;
    SEND_MESSAGE: POST "/v1/conversations/{conversation_id}/messages" => "send-message", api::send_message, [SignsMediaLinks];
    LIST_MESSAGES: GET "/v1/conversations/{conversation_id}/messages" => "list-messages", api::list_messages, [SignsMediaLinks];
    EDIT_MESSAGE: PATCH "/v1/conversations/{conversation_id}/messages/{message_id}" => "edit-message", api::edit_message, [SignsMediaLinks];
    DELETE_MESSAGE: DELETE "/v1/conversations/{conversation_id}/messages/{message_id}" => "delete-message", api::delete_message;
    REACT_TO_MESSAGE: PUT "/v1/conversations/{conversation_id}/messages/{message_id}/reaction" => "react-to-message", api::react_to_message, [SignsMediaLinks];
    REMOVE_MESSAGE_REACTION: DELETE "/v1/conversations/{conversation_id}/messages/{message_id}/reaction" => "remove-message-reaction", api::remove_message_reaction;
    GET_MESSAGING_SETTINGS: GET "/v1/me/messaging" => "get-messaging-settings", api::get_messaging_settings;
    UPDATE_MESSAGING_SETTINGS: PATCH "/v1/me/messaging" => "update-messaging-settings", api::update_messaging_settings;
}
