//! Each function binary names its handler, so the linker keeps only the code
//! that handler can reach. This holds the line against code linked only
//! because of a run-time lookup (a table of every handler, a context that
//! builds every client): a read route must not carry the image pipeline or
//! the clients of services it never calls. It builds two function binaries
//! (debug, from the library the tests compiled already) and reads their
//! symbol tables — not their bytes, where debug info names dropped code too.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// Builds `functions` and returns, per binary, the demangled names of the
/// symbols it defines.
fn defined_symbols(functions: &[&str]) -> HashMap<String, Vec<String>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut build = Command::new(cargo);
    build
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .args([
            "build",
            "--quiet",
            "--message-format=json",
            "-p",
            "kith-functions",
        ]);
    for function in functions {
        build.args(["--bin", function]);
    }
    let output = build.output().expect("cargo runs");
    assert!(
        output.status.success(),
        "building {functions:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|message| {
            let name = message["target"]["name"].as_str()?.to_owned();
            let executable = message["executable"].as_str()?.to_owned();
            Some((name, symbols(Path::new(&executable))))
        })
        .collect()
}

fn symbols(binary: &Path) -> Vec<String> {
    let output = Command::new("nm")
        .args(["--demangle", "--defined-only"])
        .arg(binary)
        .output()
        .expect("nm (binutils) runs");
    assert!(output.status.success(), "nm {}", binary.display());
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.splitn(3, ' ').nth(2).map(str::to_owned))
        .collect()
}

/// How many of `symbols` are code of `krate` itself (not, say, the drop glue
/// of a field whose type it defines).
fn code_of(symbols: &[String], krate: &str) -> usize {
    let own = format!("{krate}::");
    let implementation = format!("<{krate}::");
    symbols
        .iter()
        .filter(|s| s.starts_with(&own) || s.starts_with(&implementation))
        .count()
}

#[test]
fn a_read_route_links_neither_the_image_pipeline_nor_clients_it_never_calls() {
    let binaries = defined_symbols(&["get-post", "process-media"]);
    let (read, images) = (&binaries["get-post"], &binaries["process-media"]);
    // The probe sees the code where it is reachable...
    for krate in ["fast_image_resize", "image", "aws_sdk_rekognition"] {
        assert!(
            code_of(images, krate) > 0,
            "process-media shows no code of {krate}"
        );
    }
    // ...and a read route carries none of it, nor the clients it never calls.
    for krate in [
        "fast_image_resize",
        "image",
        "blurhash",
        "aws_sdk_rekognition",
        // It shows media through links it signs itself.
        "aws_sdk_s3",
        "aws_sdk_sns",
        "aws_sdk_sesv2",
        "aws_sdk_sqs",
        "aws_sdk_eventbridge",
        "aws_sdk_apigatewaymanagement",
    ] {
        assert_eq!(code_of(read, krate), 0, "get-post links code of {krate}");
    }
}
