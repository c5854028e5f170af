//! HTTP handlers and the route table: the single list of (method, path,
//! function, handler) that the binaries, the local host, template.yaml, the
//! `cargo lambda watch` router and docs/openapi.yaml are all checked against.

pub mod accounts;
pub mod comments;
pub mod communities;
pub mod engagement;
pub mod graph;
pub mod http;
pub mod media;
pub mod posts;
pub mod profiles;
pub mod well_known;

use crate::context::App;
use lambda_http::http::Method;
use lambda_http::{Body, Request, Response};
use std::future::Future;
use std::pin::Pin;

pub type HandlerFuture = Pin<Box<dyn Future<Output = Response<Body>> + Send>>;

/// Every handler takes the shared context and an API Gateway (HTTP API v2) request.
pub type Handler = fn(&'static App, Request) -> HandlerFuture;

pub struct Route {
    pub method: Method,
    /// API Gateway route syntax: `/v1/users/{username}`.
    pub path: &'static str,
    /// The binary, SAM function (`PascalCase` + `Function`) and event file name.
    pub function: &'static str,
    pub handler: Handler,
}

macro_rules! route {
    ($method:ident $path:literal => $function:literal, $handler:path) => {
        Route {
            method: Method::$method,
            path: $path,
            function: $function,
            handler: |app, req| Box::pin(async move { http::respond($handler(app, req).await) }),
        }
    };
}

pub static ROUTES: &[Route] = &[
    route!(POST "/v1/auth/register" => "register", accounts::register),
    route!(POST "/v1/auth/login" => "login", accounts::login),
    route!(POST "/v1/auth/refresh" => "refresh-token", accounts::refresh),
    route!(POST "/v1/auth/logout" => "logout", accounts::logout),
    route!(POST "/v1/auth/verify-email" => "verify-email", accounts::verify_email),
    route!(POST "/v1/auth/verify-email/resend" => "resend-verification", accounts::resend_verification),
    route!(POST "/v1/auth/forgot-password" => "forgot-password", accounts::forgot_password),
    route!(POST "/v1/auth/reset-password" => "reset-password", accounts::reset_password),
    route!(GET "/.well-known/jwks.json" => "jwks", well_known::jwks),
    route!(GET "/v1/me" => "get-me", profiles::get_me),
    route!(PATCH "/v1/me" => "update-me", profiles::update_me),
    route!(DELETE "/v1/me" => "delete-me", profiles::delete_me),
    route!(GET "/v1/users/{username}" => "get-user", profiles::get_user),
    route!(POST "/v1/users/{username}/follow" => "follow-user", graph::follow_user),
    route!(DELETE "/v1/users/{username}/follow" => "unfollow-user", graph::unfollow_user),
    route!(GET "/v1/users/{username}/followers" => "list-followers", graph::list_followers),
    route!(GET "/v1/users/{username}/following" => "list-following", graph::list_following),
    route!(GET "/v1/me/follow-requests" => "list-follow-requests", graph::list_follow_requests),
    route!(POST "/v1/me/follow-requests/{username}/accept" => "accept-follow-request", graph::accept_follow_request),
    route!(DELETE "/v1/me/follow-requests/{username}" => "reject-follow-request", graph::reject_follow_request),
    route!(POST "/v1/users/{username}/block" => "block-user", graph::block_user),
    route!(DELETE "/v1/users/{username}/block" => "unblock-user", graph::unblock_user),
    route!(GET "/v1/me/blocks" => "list-blocks", graph::list_blocks),
    route!(POST "/v1/users/{username}/mute" => "mute-user", graph::mute_user),
    route!(DELETE "/v1/users/{username}/mute" => "unmute-user", graph::unmute_user),
    route!(GET "/v1/me/mutes" => "list-mutes", graph::list_mutes),
    route!(POST "/v1/posts" => "create-post", posts::create_post),
    route!(GET "/v1/posts/{post_id}" => "get-post", posts::get_post),
    route!(PATCH "/v1/posts/{post_id}" => "edit-post", posts::edit_post),
    route!(DELETE "/v1/posts/{post_id}" => "delete-post", posts::delete_post),
    route!(GET "/v1/posts/{post_id}/history" => "get-post-history", posts::get_post_history),
    route!(POST "/v1/posts/{post_id}/repost" => "repost-post", posts::repost_post),
    route!(DELETE "/v1/posts/{post_id}/repost" => "unrepost-post", posts::unrepost_post),
    route!(GET "/v1/users/{username}/posts" => "list-user-posts", posts::list_user_posts),
    route!(GET "/v1/hashtags/{tag}/posts" => "list-hashtag-posts", posts::list_hashtag_posts),
    route!(GET "/v1/feed" => "get-feed", posts::get_feed),
    route!(POST "/v1/media" => "create-upload", media::create_upload),
    route!(GET "/v1/media/{media_id}" => "get-media", media::get_media),
    route!(POST "/v1/posts/{post_id}/comments" => "create-comment", comments::create_comment),
    route!(GET "/v1/posts/{post_id}/comments" => "list-comments", comments::list_comments),
    route!(GET "/v1/comments/{comment_id}" => "get-comment", comments::get_comment),
    route!(PATCH "/v1/comments/{comment_id}" => "edit-comment", comments::edit_comment),
    route!(DELETE "/v1/comments/{comment_id}" => "delete-comment", comments::delete_comment),
    route!(GET "/v1/comments/{comment_id}/history" => "get-comment-history", comments::get_comment_history),
    route!(PUT "/v1/posts/{post_id}/reaction" => "react-to-post", engagement::react_to_post),
    route!(DELETE "/v1/posts/{post_id}/reaction" => "remove-post-reaction", engagement::remove_post_reaction),
    route!(GET "/v1/posts/{post_id}/reactions" => "list-post-reactions", engagement::list_post_reactions),
    route!(PUT "/v1/comments/{comment_id}/reaction" => "react-to-comment", engagement::react_to_comment),
    route!(DELETE "/v1/comments/{comment_id}/reaction" => "remove-comment-reaction", engagement::remove_comment_reaction),
    route!(GET "/v1/comments/{comment_id}/reactions" => "list-comment-reactions", engagement::list_comment_reactions),
    route!(PUT "/v1/posts/{post_id}/bookmark" => "bookmark-post", engagement::bookmark_post),
    route!(DELETE "/v1/posts/{post_id}/bookmark" => "unbookmark-post", engagement::unbookmark_post),
    route!(GET "/v1/me/bookmarks" => "list-bookmarks", engagement::list_bookmarks),
    route!(POST "/v1/communities" => "create-community", communities::create_community),
    route!(GET "/v1/communities/{name}" => "get-community", communities::get_community),
    route!(PUT "/v1/communities/{name}/membership" => "join-community", communities::join_community),
    route!(DELETE "/v1/communities/{name}/membership" => "leave-community", communities::leave_community),
    route!(GET "/v1/communities/{name}/members" => "list-community-members", communities::list_community_members),
    route!(GET "/v1/me/communities" => "list-my-communities", communities::list_my_communities),
    route!(GET "/v1/communities/{name}/join-requests" => "list-join-requests", communities::list_join_requests),
    route!(POST "/v1/communities/{name}/join-requests/{username}/approve" => "approve-join-request", communities::approve_join_request),
    route!(DELETE "/v1/communities/{name}/join-requests/{username}" => "reject-join-request", communities::reject_join_request),
    route!(PUT "/v1/communities/{name}/moderators/{username}" => "add-moderator", communities::add_moderator),
    route!(DELETE "/v1/communities/{name}/moderators/{username}" => "remove-moderator", communities::remove_moderator),
    route!(PUT "/v1/communities/{name}/owner" => "transfer-ownership", communities::transfer_ownership),
    route!(PUT "/v1/communities/{name}/bans/{username}" => "ban-member", communities::ban_member),
    route!(DELETE "/v1/communities/{name}/bans/{username}" => "unban-member", communities::unban_member),
    route!(GET "/v1/communities/{name}/bans" => "list-bans", communities::list_bans),
    route!(GET "/v1/communities/{name}/modlog" => "get-mod-log", communities::get_mod_log),
    route!(POST "/v1/communities/{name}/posts" => "create-community-post", communities::create_community_post),
    route!(GET "/v1/communities/{name}/posts" => "list-community-posts", communities::list_community_posts),
    route!(PUT "/v1/communities/{name}/pins/{post_id}" => "pin-post", communities::pin_post),
    route!(DELETE "/v1/communities/{name}/pins/{post_id}" => "unpin-post", communities::unpin_post),
    route!(PUT "/v1/posts/{post_id}/lock" => "lock-post", communities::lock_post),
    route!(DELETE "/v1/posts/{post_id}/lock" => "unlock-post", communities::unlock_post),
    route!(POST "/v1/posts/{post_id}/removal" => "remove-post", communities::remove_post),
    route!(POST "/v1/comments/{comment_id}/removal" => "remove-comment", communities::remove_comment),
    route!(PUT "/v1/posts/{post_id}/vote" => "vote-on-post", communities::vote_on_post),
    route!(PUT "/v1/comments/{comment_id}/vote" => "vote-on-comment", communities::vote_on_comment),
    route!(POST "/v1/reports" => "file-report", communities::file_report),
    route!(GET "/v1/reports" => "list-site-reports", communities::list_site_reports),
    route!(GET "/v1/communities/{name}/reports" => "list-community-reports", communities::list_community_reports),
    route!(POST "/v1/reports/{report_id}/resolution" => "resolve-report", communities::resolve_report),
];

/// The route a function binary serves.
pub fn route(function: &str) -> Option<&'static Route> {
    ROUTES.iter().find(|r| r.function == function)
}
