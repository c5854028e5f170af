//! Lambda function `update-inboxes`: `message.*` / `conversation.updated` -> every member's inbox entry.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::event(&kith::functions::UPDATE_INBOXES)
}
