// Synthesizes the stack as `cdk synth` does, with a stand-in `bootstrap` per
// function in a temporary directory in place of target/lambda.
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KithStack } from "../lib/kith-stack";
import { loadManifest } from "../lib/manifest";
import { acknowledgeReviewedFindings } from "../lib/nag";

function assets(): string {
  const dir = mkdtempSync(join(tmpdir(), "kith-assets-"));
  const manifest = loadManifest();
  for (const name of [...manifest.routes.map((r) => r.function), ...manifest.eventHandlers]) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, "bootstrap"), name);
  }
  return dir;
}

export type Resource = { Type: string; Properties?: any; DeletionPolicy?: string };
export interface Synthesized {
  stack: KithStack;
  template: Template;
  /** The CloudFormation JSON. */
  json: {
    Resources: Record<string, Resource>;
    Outputs: Record<string, any>;
    Parameters: Record<string, any>;
    Conditions?: Record<string, any>;
  };
}

let synthesized: Synthesized | undefined;

/** The stack, synthesized once per test file. */
export function synth(): Synthesized {
  if (!synthesized) {
    const app = new App();
    const stack = new KithStack(app, "Kith", { assets: assets() });
    acknowledgeReviewedFindings(stack);
    const template = Template.fromStack(stack);
    synthesized = { stack, template, json: template.toJSON() as Synthesized["json"] };
  }
  return synthesized;
}
