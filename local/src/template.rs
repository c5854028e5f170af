//! Reads template.yaml: the single definition of the stack's resources, used
//! to provision the local emulator exactly as CloudFormation would in AWS.

use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Template {
    #[serde(default)]
    pub parameters: BTreeMap<String, Parameter>,
    /// SAM's defaults for every function (`Globals.Function`).
    #[serde(default)]
    pub globals: Value,
    pub resources: BTreeMap<String, Resource>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Parameter {
    pub default: Option<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Resource {
    #[serde(rename = "Type")]
    pub kind: String,
    #[serde(default)]
    pub properties: Value,
    #[serde(default)]
    pub metadata: Value,
}

/// The `AWS::DynamoDB::Table` properties that shape the table.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TableProperties {
    pub attribute_definitions: Vec<AttributeDefinition>,
    pub key_schema: Vec<KeyElement>,
    #[serde(default)]
    pub global_secondary_indexes: Vec<GlobalSecondaryIndex>,
    pub stream_specification: Option<StreamSpecification>,
    pub time_to_live_specification: Option<TimeToLiveSpecification>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeDefinition {
    pub attribute_name: String,
    pub attribute_type: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeyElement {
    pub attribute_name: String,
    pub key_type: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GlobalSecondaryIndex {
    pub index_name: String,
    pub key_schema: Vec<KeyElement>,
    pub projection: Projection,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Projection {
    pub projection_type: String,
    /// What an `INCLUDE` projection holds besides the keys.
    #[serde(default)]
    pub non_key_attributes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StreamSpecification {
    pub stream_view_type: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TimeToLiveSpecification {
    pub attribute_name: String,
    pub enabled: bool,
}

/// template.yaml at the workspace root (compile-time path, so tests and the
/// host find it from any working directory).
pub fn default_path() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../template.yaml"))
}

impl Template {
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_yaml_ng::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Resources of one CloudFormation type, by logical id.
    pub fn resources_of<'a>(
        &'a self,
        kind: &'a str,
    ) -> impl Iterator<Item = (&'a String, &'a Resource)> {
        self.resources.iter().filter(move |(_, r)| r.kind == kind)
    }

    pub fn table(&self) -> Result<TableProperties, String> {
        let (_, table) = self
            .resources_of("AWS::DynamoDB::Table")
            .next()
            .ok_or("template.yaml has no AWS::DynamoDB::Table")?;
        serde_json::from_value(table.properties.clone())
            .map_err(|e| format!("table properties: {e}"))
    }

    /// Resolves a literal or a `Ref:` to a parameter's default.
    pub fn resolve(&self, value: &Value) -> Option<String> {
        match value {
            Value::String(s) => Some(s.clone()),
            Value::Object(o) => {
                let name = o.get("Ref")?.as_str()?;
                self.parameters
                    .get(name)?
                    .default
                    .as_ref()?
                    .as_str()
                    .map(str::to_owned)
            }
            _ => None,
        }
    }

    /// The name of the stack's EventBridge bus.
    pub fn event_bus_name(&self) -> Option<String> {
        let (_, bus) = self.resources_of("AWS::Events::EventBus").next()?;
        self.resolve(bus.properties.get("Name")?)
    }

    /// The SES identities the stack creates.
    pub fn email_identities(&self) -> Vec<String> {
        self.resources_of("AWS::SES::EmailIdentity")
            .filter_map(|(_, r)| self.resolve(r.properties.get("EmailIdentity")?))
            .collect()
    }
}
