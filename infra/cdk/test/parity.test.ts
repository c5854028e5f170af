// The CDK stack and template.yaml describe the same stack: the functions
// (memory, timeout, architecture, runtime, environment keys), HTTP and
// WebSocket routes, EventBridge rules with their retries and dead letters,
// schedules, topic subscriptions, the table stream's event source, the table
// and the media bucket with its policy. template.yaml is read with a plain
// YAML parser (it writes intrinsics in the long form) and its SAM events are
// compared with the CloudFormation resources they expand to.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { NestedStack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { parse } from "yaml";
import { Resource, synth } from "./support";

const ROOT = join(__dirname, "..", "..", "..", "..");
const sam = parse(readFileSync(join(ROOT, "template.yaml"), "utf8"));
const globals = sam.Globals.Function;
const samResources = Object.entries(sam.Resources as Record<string, Resource>);
const samFunctions = samResources.filter(([, r]) => r.Type === "AWS::Serverless::Function");
const samEvents = samFunctions.flatMap(([fn, r]) =>
  Object.entries((r.Properties.Events ?? {}) as Record<string, { Type: string; Properties: any }>).map(
    ([name, event]) => ({ fn, name, ...event }),
  ),
);

/** Every resource of the CDK app: the stack's and its nested stacks'. */
function cdkResources(): [string, Resource][] {
  const { stack, json } = synth();
  const nested = stack.node
    .findAll()
    .filter((c): c is NestedStack => c instanceof NestedStack)
    .flatMap((n) => Object.entries(Template.fromStack(n).toJSON().Resources as Record<string, Resource>));
  return [...Object.entries(json.Resources), ...nested];
}
const cdk = cdkResources();
const ofType = (type: string) => cdk.filter(([, r]) => r.Type === type);
const byId = new Map(cdk);
/** The function a target, integration or subscription names. */
const functionIn = (value: unknown) => JSON.stringify(value ?? null).match(/\b([A-Z][A-Za-z0-9]*Function)\b/)?.[1];
const sorted = <T>(values: T[]) => [...values].sort();

test("the same functions, with the same settings and environment keys", () => {
  const settings = (props: any) => ({
    runtime: props.Runtime,
    architectures: props.Architectures,
    handler: props.Handler,
    memorySize: props.MemorySize,
    timeout: props.Timeout,
    logFormat: props.LoggingConfig?.LogFormat,
    logGroup: JSON.stringify(props.LoggingConfig?.LogGroup ?? null).includes("FunctionLogs"),
    tracing: props.TracingConfig?.Mode ?? props.Tracing,
    environment: sorted(Object.keys(props.Environment?.Variables ?? {})),
  });
  const expected = Object.fromEntries(
    samFunctions.map(([id, r]) => [
      id,
      settings({
        ...globals,
        ...r.Properties,
        Environment: {
          Variables: { ...globals.Environment.Variables, ...r.Properties.Environment?.Variables },
        },
      }),
    ]),
  );
  const actual = Object.fromEntries(ofType("AWS::Lambda::Function").map(([id, r]) => [id, settings(r.Properties)]));
  assert.deepEqual(actual, expected);
});

test("the same HTTP routes, each to its function", () => {
  const expected = samEvents
    .filter((e) => e.Type === "HttpApi")
    .map((e) => `${e.Properties.Method} ${e.Properties.Path} -> ${e.fn}`);
  const actual = ofType("AWS::ApiGatewayV2::Route")
    .filter(([, r]) => / /.test(r.Properties.RouteKey))
    .map(([, r]) => {
      const integration = byId.get(r.Properties.Target["Fn::Join"][1][1].Ref);
      return `${r.Properties.RouteKey} -> ${functionIn(integration)}`;
    });
  assert.deepEqual(sorted(actual), sorted(expected));
});

test("the same WebSocket routes, each to its function", () => {
  const routes = (resources: [string, Resource][]) =>
    resources
      .filter(([, r]) => r.Type === "AWS::ApiGatewayV2::Route" && !/ /.test(r.Properties.RouteKey))
      .map(([, r]) => {
        const target = JSON.stringify(r.Properties.Target);
        const integration = resources.find(([id, i]) => i.Type === "AWS::ApiGatewayV2::Integration" && new RegExp(`\\b${id}\\b`).test(target));
        return `${r.Properties.RouteKey} -> ${functionIn(integration?.[1])}`;
      });
  assert.deepEqual(sorted(routes(cdk)), sorted(routes(samResources)));
});

test("the same EventBridge rules: bus, pattern, target, retries and dead letters", () => {
  // A function, or the queue in front of one.
  const targetOf = (arn: any) => functionIn(arn) ?? arn["Fn::GetAtt"][0];
  const written = Object.entries(sam.Resources as Record<string, Resource>)
    .filter(([, r]) => r.Type === "AWS::Events::Rule")
    .map(([id, r]) => ({ id, Properties: { ...r.Properties, Pattern: r.Properties.EventPattern, ...r.Properties.Targets[0] } }));
  const expected = [
    ...samEvents.filter((e) => e.Type === "EventBridgeRule").map((e) => ({ id: `${e.fn}${e.name}`, target: e.fn, ...e })),
    ...written.map((r) => ({ ...r, target: targetOf(r.Properties.Arn) })),
  ].map((e) => ({
    id: e.id,
    bus: e.Properties.EventBusName?.Ref ?? "default",
    pattern: e.Properties.Pattern,
    target: e.target,
    retries: e.Properties.RetryPolicy.MaximumRetryAttempts,
    maxAge: e.Properties.RetryPolicy.MaximumEventAgeInSeconds,
    deadLetters: e.Properties.DeadLetterConfig.QueueLogicalId ?? e.Properties.DeadLetterConfig.Arn["Fn::GetAtt"][0],
  }));
  const actual = ofType("AWS::Events::Rule").map(([id, r]) => {
    const [target] = r.Properties.Targets;
    return {
      id,
      bus: r.Properties.EventBusName?.Ref ?? "default",
      pattern: r.Properties.EventPattern,
      target: targetOf(target.Arn),
      retries: target.RetryPolicy.MaximumRetryAttempts,
      maxAge: target.RetryPolicy.MaximumEventAgeInSeconds,
      deadLetters: target.DeadLetterConfig.Arn["Fn::GetAtt"][0],
    };
  });
  assert.deepEqual(sorted(actual.map((a) => JSON.stringify(a))), sorted(expected.map((e) => JSON.stringify(e))));
});

test("the same delay queues, each read in batches with partial failures and dead letters", () => {
  const queue = (id: string, r: Resource | undefined) => ({
    id,
    delay: r?.Properties.DelaySeconds,
    visibility: r?.Properties.VisibilityTimeout,
    retention: r?.Properties.MessageRetentionPeriod,
    deadLetters: r?.Properties.RedrivePolicy.deadLetterTargetArn["Fn::GetAtt"][0],
    receives: r?.Properties.RedrivePolicy.maxReceiveCount,
  });
  const expected = samEvents
    .filter((e) => e.Type === "SQS")
    .map((e) => {
      const id = e.Properties.Queue["Fn::GetAtt"][0];
      return { fn: e.fn, batchSize: e.Properties.BatchSize, responseTypes: e.Properties.FunctionResponseTypes, ...queue(id, sam.Resources[id]) };
    });
  const actual = ofType("AWS::Lambda::EventSourceMapping")
    .filter(([, r]) => !JSON.stringify(r.Properties.EventSourceArn).includes("StreamArn"))
    .map(([, r]) => {
      const id = r.Properties.EventSourceArn["Fn::GetAtt"][0];
      return { fn: r.Properties.FunctionName.Ref, batchSize: r.Properties.BatchSize, responseTypes: r.Properties.FunctionResponseTypes, ...queue(id, byId.get(id)) };
    });
  assert.ok(expected.length > 0);
  assert.deepEqual(actual, expected);
});

test("the same schedules, with retries and dead letters", () => {
  const expected = samEvents
    .filter((e) => e.Type === "ScheduleV2")
    .map((e) =>
      JSON.stringify([e.fn, e.Properties.ScheduleExpression, e.Properties.RetryPolicy.MaximumRetryAttempts, e.Properties.DeadLetterConfig.QueueLogicalId]),
    );
  const actual = ofType("AWS::Scheduler::Schedule").map(([, r]) => {
    const target = r.Properties.Target;
    return JSON.stringify([
      functionIn(target.Arn),
      r.Properties.ScheduleExpression,
      target.RetryPolicy.MaximumRetryAttempts,
      target.DeadLetterConfig.Arn["Fn::GetAtt"][0],
    ]);
  });
  assert.deepEqual(sorted(actual), sorted(expected));
});

test("the same topic subscriptions", () => {
  const expected = samEvents.filter((e) => e.Type === "SNS").map((e) => `${e.Properties.Topic.Ref} -> ${e.fn}`);
  const actual = ofType("AWS::SNS::Subscription")
    .filter(([, r]) => r.Properties.Protocol === "lambda")
    .map(([, r]) => `${r.Properties.TopicArn.Ref} -> ${functionIn(r.Properties.Endpoint)}`);
  assert.deepEqual(sorted(actual), sorted(expected));
});

test("the same stream event source: filter, batching, bisect, partial failures, on-failure queue", () => {
  const expected = samEvents
    .filter((e) => e.Type === "DynamoDB")
    .map((e) => ({
      fn: e.fn,
      stream: e.Properties.Stream["Fn::GetAtt"],
      startingPosition: e.Properties.StartingPosition,
      batchSize: e.Properties.BatchSize,
      window: e.Properties.MaximumBatchingWindowInSeconds,
      bisect: e.Properties.BisectBatchOnFunctionError,
      retries: e.Properties.MaximumRetryAttempts,
      responseTypes: e.Properties.FunctionResponseTypes,
      filters: e.Properties.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern)),
      onFailure: e.Properties.DestinationConfig.OnFailure.Destination["Fn::GetAtt"][0],
    }));
  const actual = ofType("AWS::Lambda::EventSourceMapping")
    .filter(([, r]) => JSON.stringify(r.Properties.EventSourceArn).includes("StreamArn"))
    .map(([, r]) => ({
    fn: r.Properties.FunctionName.Ref,
    stream: r.Properties.EventSourceArn["Fn::GetAtt"],
    startingPosition: r.Properties.StartingPosition,
    batchSize: r.Properties.BatchSize,
    window: r.Properties.MaximumBatchingWindowInSeconds,
    bisect: r.Properties.BisectBatchOnFunctionError,
    retries: r.Properties.MaximumRetryAttempts,
    responseTypes: r.Properties.FunctionResponseTypes,
    filters: r.Properties.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern)),
    onFailure: r.Properties.DestinationConfig.OnFailure.Destination["Fn::GetAtt"][0],
  }));
  assert.deepEqual(actual, expected);
});

test("the same table: keys, indexes, TTL, stream, backups, encryption, retained", () => {
  const schema = (r: Resource) => ({
    retained: r.DeletionPolicy,
    billing: r.Properties.BillingMode,
    keys: r.Properties.KeySchema,
    attributes: sorted(r.Properties.AttributeDefinitions.map((a: any) => `${a.AttributeName}:${a.AttributeType}`)),
    indexes: Object.fromEntries(
      r.Properties.GlobalSecondaryIndexes.map((i: any) => [i.IndexName, { keys: i.KeySchema, projection: i.Projection }]),
    ),
    ttl: r.Properties.TimeToLiveSpecification,
    stream: r.Properties.StreamSpecification,
    backups: r.Properties.PointInTimeRecoverySpecification,
    encryption: r.Properties.SSESpecification,
  });
  assert.deepEqual(schema(byId.get("Table")!), schema(sam.Resources.Table));
});

test("the same media bucket and bucket policy", () => {
  const bucket = (r: Resource) => ({ ...r.Properties, retained: r.DeletionPolicy });
  assert.deepEqual(bucket(byId.get("MediaBucket")!), bucket(sam.Resources.MediaBucket));
  assert.deepEqual(
    byId.get("MediaBucketPolicy")!.Properties.PolicyDocument.Statement,
    sam.Resources.MediaBucketPolicy.Properties.PolicyDocument.Statement,
  );
});

test("the same log group retention", () => {
  const retention = (resources: [string, Resource][]) =>
    resources.filter(([, r]) => r.Type === "AWS::Logs::LogGroup").map(([id, r]) => [id, r.Properties.RetentionInDays]);
  assert.deepEqual(retention(cdk), retention(samResources));
});

test("the same parameters and outputs", () => {
  const { json } = synth();
  assert.deepEqual(sorted(Object.keys(json.Parameters).filter((p) => p !== "BootstrapVersion")), sorted(Object.keys(sam.Parameters)));
  assert.deepEqual(sorted(Object.keys(json.Outputs)), sorted(Object.keys(sam.Outputs)));
});

test("the same alarms: metrics, thresholds, periods, all to the alarm topic", () => {
  // A dimension's value as the logical id it names (CDK reaches a feature
  // stack's function through that stack's outputs, named after it).
  const names = (value: unknown, ids: string[]) => ids.find((id) => JSON.stringify(value).includes(`${id}`));
  const ids = [...new Set([...samResources.map(([id]) => id), "PublishEventsFailures"])];
  const alarm = (r: Resource) => ({
    description: r.Properties.AlarmDescription,
    actions: [r.Properties.AlarmActions, r.Properties.OKActions],
    comparison: r.Properties.ComparisonOperator,
    threshold: r.Properties.Threshold,
    periods: r.Properties.EvaluationPeriods,
    datapoints: r.Properties.DatapointsToAlarm,
    missing: r.Properties.TreatMissingData,
    metrics: r.Properties.Metrics.map((m: any) => ({
      id: m.Id,
      expression: m.Expression,
      returns: m.ReturnData,
      namespace: m.MetricStat?.Metric.Namespace,
      metric: m.MetricStat?.Metric.MetricName,
      dimensions: m.MetricStat?.Metric.Dimensions?.map((d: any) => [d.Name, names(d.Value, ids)]),
      period: m.MetricStat?.Period,
      stat: m.MetricStat?.Stat,
    })),
  });
  const alarms = (resources: [string, Resource][]) =>
    Object.fromEntries(resources.filter(([, r]) => r.Type === "AWS::CloudWatch::Alarm").map(([id, r]) => [id, alarm(r)]));
  const expected = alarms(samResources);
  assert.ok(Object.keys(expected).length >= 9);
  assert.deepEqual(alarms(cdk), expected);
});

test("the same alarm topic, email subscription, error filter and dashboard", () => {
  for (const id of ["AlarmTopic", "AlarmTopicPolicy", "FunctionErrorsFilter"]) {
    assert.deepEqual(byId.get(id)!.Properties, sam.Resources[id].Properties, id);
  }
  const subscription = byId.get("AlarmEmailSubscription") as Resource & { Condition?: string };
  assert.equal(subscription.Condition, "HasAlarmEmail");
  assert.deepEqual(subscription.Properties, sam.Resources.AlarmEmailSubscription.Properties);
  assert.deepEqual(synth().json.Conditions ?? {}, sam.Conditions);
  // template.yaml carries infra/dashboard.json's body; the CDK app reads the file.
  const file = readFileSync(join(ROOT, "infra", "dashboard.json"), "utf8");
  assert.deepEqual(JSON.parse(sam.Resources.Dashboard.Properties.DashboardBody["Fn::Sub"]), JSON.parse(file));
  assert.equal(byId.get("Dashboard")!.Properties.DashboardBody["Fn::Sub"][0], file);
});
