//! Prints infra/functions.json, the function list the CDK app reads:
//! `cargo run -q -p kith-functions --example manifest > infra/functions.json`
//! (a contract test fails while the checked-in file differs).

fn main() {
    print!("{}", kith::functions::manifest());
}
