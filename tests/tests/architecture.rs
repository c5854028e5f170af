//! Holds the feature dependencies to the list in docs/architecture.md: a
//! module may use its own layer and the layers before it, never a later one.

use std::collections::HashMap;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// Layer of each top-level module, read from the numbered list between the
/// `layers` markers: `1. \`platform\`, \`adapters\``.
fn layers(doc: &str) -> HashMap<String, usize> {
    let start = doc
        .find("<!-- layers")
        .expect("layers list in docs/architecture.md");
    let end = doc
        .find("<!-- end layers -->")
        .expect("end of the layers list");
    let mut layers = HashMap::new();
    for (rank, line) in doc[start..end].lines().skip(1).enumerate() {
        let names = line.split(':').next().unwrap_or_default();
        for name in names.split('`').skip(1).step_by(2) {
            layers.insert(name.to_owned(), rank);
        }
    }
    layers
}

/// Every `crate::<module>` path in `source` that names a layer after
/// `module`'s own, as `(file, used module)`.
fn backwards<'a>(
    layers: &HashMap<String, usize>,
    file: &'a str,
    source: &str,
) -> Vec<(&'a str, String)> {
    let Some(own) = file.split('/').next().and_then(|m| layers.get(m)) else {
        return Vec::new(); // lib.rs, functions.rs: the crate's roots see everything
    };
    source
        .lines()
        .filter(|line| !line.trim_start().starts_with("//")) // docs may name anything
        .flat_map(|line| {
            line.match_indices("crate::")
                .map(move |(at, _)| &line[at + 7..])
        })
        .filter_map(|rest| {
            let used: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            layers
                .get(&used)
                .is_some_and(|rank| rank > own)
                .then_some((file, used))
        })
        .collect()
}

fn sources(dir: &Path, prefix: &str, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let relative = format!("{prefix}{name}");
        if path.is_dir() {
            sources(&path, &format!("{relative}/"), out);
        } else if name.ends_with(".rs") {
            out.push((relative, std::fs::read_to_string(&path).unwrap()));
        }
    }
}

#[test]
fn features_depend_only_on_earlier_layers() {
    let doc = std::fs::read_to_string(root().join("docs/architecture.md")).unwrap();
    let layers = layers(&doc);
    let mut files = Vec::new();
    sources(&root().join("shared/src"), "", &mut files);
    let modules: Vec<&str> = files
        .iter()
        .filter_map(|(f, _)| f.split_once('/').map(|(m, _)| m))
        .collect();
    for module in &modules {
        assert!(layers.contains_key(*module), "{module} is not in the list");
    }
    let wrong: Vec<_> = files
        .iter()
        .flat_map(|(file, source)| backwards(&layers, file, source))
        .collect();
    assert!(wrong.is_empty(), "backwards dependencies: {wrong:?}");
}

#[test]
fn the_checker_catches_a_backwards_import() {
    let layers = layers(
        "<!-- layers -->\n1. `platform`\n2. `posts`: posts\n3. `feeds`\n<!-- end layers -->",
    );
    assert_eq!(layers["posts"], 1);
    let ok = "use crate::platform::error::Result;\nuse crate::posts::model::Post;\n";
    assert!(backwards(&layers, "feeds/service.rs", ok).is_empty());
    let bad = "use crate::feeds::service::home;\n";
    assert_eq!(
        backwards(&layers, "posts/api.rs", bad),
        vec![("posts/api.rs", "feeds".to_owned())]
    );
    // Inline paths count too, not only `use` lines.
    let inline = "fn f() { crate::feeds::service::home(); }";
    assert_eq!(backwards(&layers, "platform/x.rs", inline).len(), 1);
    assert!(backwards(&layers, "lib.rs", bad).is_empty());
    let doc = "/// e.g. `crate::feeds::service::home`\nfn f() {}";
    assert!(backwards(&layers, "posts/api.rs", doc).is_empty());
}
