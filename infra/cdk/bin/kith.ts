// `cdk deploy` from infra/cdk: the Kith stack, checked by cdk-nag's AwsSolutions rules at synth.
import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { resolve } from "node:path";
import { KithStack } from "../lib/kith-stack";
import { acknowledgeReviewedFindings } from "../lib/nag";

const app = new App();
const stack = new KithStack(app, app.node.tryGetContext("kith:stack-name") ?? "Kith", {
  assets: resolve(app.node.tryGetContext("kith:assets")),
});
acknowledgeReviewedFindings(stack);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
