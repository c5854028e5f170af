//! Lambda function `count-unread`: `GET /v1/me/unread`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::messaging::COUNT_UNREAD)
}
