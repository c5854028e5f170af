//! Lambda function `transfer-ownership`: `PUT /v1/communities/{name}/owner`.

fn main() -> Result<(), lambda_http::Error> {
    kith::platform::runtime::http(&kith::communities::TRANSFER_OWNERSHIP)
}
