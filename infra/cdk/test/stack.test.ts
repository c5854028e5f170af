// Fine-grained assertions on what matters most in the CDK stack.
import { test } from "node:test";
import assert from "node:assert/strict";
import { App, NestedStack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { KithStack } from "../lib/kith-stack";
import { loadManifest } from "../lib/manifest";
import { synth } from "./support";

const { stack, template, json } = synth();
const nested = stack.node.findAll().filter((c): c is NestedStack => c instanceof NestedStack);
const templates = [template, ...nested.map((n) => Template.fromStack(n))];
const manifest = loadManifest();

test("every function of the route table is deployed, in stacks under CloudFormation's 500 resources", () => {
  const functions = templates.flatMap((t) => Object.keys(t.findResources("AWS::Lambda::Function")));
  assert.equal(functions.length, manifest.routes.length + manifest.eventHandlers.length);
  for (const t of templates) assert.ok(Object.keys(t.toJSON().Resources).length < 450);
});

test("an event handler without a trigger fails the synth", () => {
  const unwired = { ...manifest, eventHandlers: [...manifest.eventHandlers, "index-posts"] };
  assert.throws(() => new KithStack(new App(), "Unwired", { assets: "/nonexistent", manifest: unwired }), /index-posts/);
});

test("the table: PK/SK keys, a new-and-old-images stream, TTL, point-in-time recovery, retained", () => {
  template.hasResource("AWS::DynamoDB::Table", {
    DeletionPolicy: "Retain",
    Properties: Match.objectLike({
      KeySchema: [
        { AttributeName: "PK", KeyType: "HASH" },
        { AttributeName: "SK", KeyType: "RANGE" },
      ],
      StreamSpecification: { StreamViewType: "NEW_AND_OLD_IMAGES" },
      TimeToLiveSpecification: { AttributeName: "expires_at", Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    }),
  });
});

test("the outbox stream: inserts of OUTBOX# items only, bisected, partial failures, failures kept", () => {
  template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
    FunctionName: { Ref: "PublishEventsFunction" },
    BisectBatchOnFunctionError: true,
    FunctionResponseTypes: ["ReportBatchItemFailures"],
    MaximumRetryAttempts: 10,
    DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": ["PublishEventsFailures", "Arn"] } } },
  });
  template.hasResourceProperties("AWS::SQS::Queue", Match.objectLike({ MessageRetentionPeriod: 1209600 }));
});

test("every rule and schedule target has retries and a TLS-only dead-letter queue", () => {
  const targets = [
    ...Object.values(template.findResources("AWS::Events::Rule")).map((r) => r.Properties.Targets[0]),
    ...Object.values(template.findResources("AWS::Scheduler::Schedule")).map((r) => r.Properties.Target),
  ];
  assert.equal(targets.length, 14);
  const policies = Object.values(template.findResources("AWS::SQS::QueuePolicy"));
  for (const target of targets) {
    assert.ok(target.RetryPolicy.MaximumRetryAttempts > 0);
    const queue = target.DeadLetterConfig.Arn["Fn::GetAtt"][0];
    const tlsOnly = policies.some(
      (p) =>
        JSON.stringify(p.Properties.Queues).includes(`"${queue}"`) &&
        JSON.stringify(p.Properties.PolicyDocument).includes('"aws:SecureTransport":"false"'),
    );
    assert.ok(tlsOnly, `${queue} has no TLS-only policy`);
  }
});

/** The actions every policy attached to a function's role allows, managed policies included. */
function actions(functionId: string): string[] {
  const owner = templates.find((t) => t.toJSON().Resources[functionId])!;
  const resources = owner.toJSON().Resources;
  const role = resources[functionId].Properties.Role["Fn::GetAtt"][0];
  const inline = Object.values(resources as Record<string, any>).filter(
    (r) => r.Type === "AWS::IAM::Policy" && JSON.stringify(r.Properties.Roles).includes(`"${role}"`),
  );
  const managed = JSON.stringify(resources[role].Properties.ManagedPolicyArns ?? []);
  // The stack's managed policies, referenced directly or through a nested stack's parameter.
  const attached = Object.entries(json.Resources).filter(
    ([id, r]) => r.Type === "AWS::IAM::ManagedPolicy" && (managed.includes(`"${id}"`) || managed.includes(`Kith${id}`)),
  );
  return [...inline, ...attached.map(([, r]) => r)].flatMap((p) =>
    p.Properties.PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat()),
  );
}

test("a read route cannot write the table; only sign-in and refresh may read the signing key", () => {
  const getPost = actions("GetPostFunction");
  assert.ok(getPost.includes("dynamodb:Query"));
  assert.ok(!getPost.some((a) => /PutItem|UpdateItem|DeleteItem|BatchWriteItem/.test(a)), getPost.join(", "));
  assert.ok(actions("CreatePostFunction").includes("dynamodb:PutItem"));
  const readers = templates.flatMap((t) =>
    Object.keys(t.findResources("AWS::Lambda::Function")).filter((id) => actions(id).includes("secretsmanager:GetSecretValue")),
  );
  assert.deepEqual(readers.sort(), ["LoginFunction", "RefreshTokenFunction"]);
});
