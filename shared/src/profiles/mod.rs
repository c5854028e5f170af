//! Profiles: my account and the public view of others'.

pub mod api;
pub mod model;
pub mod service;
pub mod store;

use crate::platform::routes::routes;

routes! {
    GET_ME: GET "/v1/me" => "get-me", api::get_me, [SignsMediaLinks];
    UPDATE_ME: PATCH "/v1/me" => "update-me", api::update_me, [SignsMediaLinks];
    DELETE_ME: DELETE "/v1/me" => "delete-me", api::delete_me;
    GET_USER: GET "/v1/users/{username}" => "get-user", api::get_user, [SignsMediaLinks];
}
