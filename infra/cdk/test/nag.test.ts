// cdk-nag's AwsSolutions rules find nothing that is not acknowledged with a reason (lib/nag.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { AwsSolutionsChecks } from "cdk-nag";
import { synth } from "./support";

test("cdk-nag AwsSolutions finds nothing unacknowledged", () => {
  const { stack } = synth();
  const report = new AwsSolutionsChecks().validateScope(stack);
  const findings = report.violations.map(
    (v) => `${v.ruleName} (${v.severity}): ${v.violatingResources.map((r) => r.constructPath).join(", ")}`,
  );
  assert.deepEqual(findings, []);
});
