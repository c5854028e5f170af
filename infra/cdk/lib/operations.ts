// What operators watch (docs/operations.md): alarms to one SNS topic, which
// the AlarmEmail parameter subscribes to, and one dashboard whose body is
// infra/dashboard.json (template.yaml carries the same body; the parity test
// holds both to the file).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Aws, CfnCondition, CfnParameter, Fn, Stack } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import * as sns from "aws-cdk-lib/aws-sns";

export const DASHBOARD_PATH = join(__dirname, "..", "..", "..", "dashboard.json");

/** A metric an alarm reads (`hidden`: an input of the alarm's expression). */
type Stat = {
  id: string;
  namespace: string;
  metric: string;
  stat: string;
  period?: number;
  dimension?: [string, string];
  hidden?: boolean;
};
type Expression = { id: string; label: string; expression: string };
type Alarm = {
  id: string;
  description: string;
  comparison: "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold";
  threshold: number;
  metrics: (Stat | Expression)[];
  periods?: number;
  datapoints?: number;
};

export interface Watched {
  functionLogs: logs.CfnLogGroup;
  httpApiId: string;
  /** The functions the alarms and the dashboard name, by function name. */
  functions: Map<string, lambda.Function>;
  /** Every dead-letter queue, by logical id, with its name. */
  deadLetters: Map<string, string>;
}

export function operations(stack: Stack, watched: Watched) {
  const email = new CfnParameter(stack, "AlarmEmail", {
    type: "String",
    default: "",
    description: "Who the alarms email (AlarmTopic subscribes it; confirm the email SNS sends). Empty subscribes no one.",
  });
  const hasEmail = new CfnCondition(stack, "HasAlarmEmail", {
    expression: Fn.conditionNot(Fn.conditionEquals(email.valueAsString, "")),
  });
  // Not KMS-encrypted: CloudWatch cannot publish with the AWS-managed SNS
  // key, and alarm messages carry alarm names, states and metric values only.
  const topic = new sns.CfnTopic(stack, "AlarmTopic", { displayName: "Kith alarms" });
  new sns.CfnTopicPolicy(stack, "AlarmTopicPolicy", {
    topics: [topic.ref],
    policyDocument: new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: "AlarmsPublish",
          principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
          actions: ["sns:Publish"],
          resources: [topic.ref],
          conditions: { StringEquals: { "AWS:SourceAccount": Aws.ACCOUNT_ID } },
        }),
        new iam.PolicyStatement({
          sid: "TlsOnly",
          effect: iam.Effect.DENY,
          principals: [new iam.StarPrincipal()],
          actions: ["sns:Publish"],
          resources: [topic.ref],
          conditions: { Bool: { "aws:SecureTransport": "false" } },
        }),
      ],
    }),
  });
  const subscription = new sns.CfnSubscription(stack, "AlarmEmailSubscription", {
    topicArn: topic.ref,
    protocol: "email",
    endpoint: email.valueAsString,
  });
  subscription.cfnOptions.condition = hasEmail;

  // Every function logs to FunctionLogs, so one filter counts the failed
  // invocations of exactly this stack's functions.
  new logs.CfnMetricFilter(stack, "FunctionErrorsFilter", {
    logGroupName: watched.functionLogs.ref,
    filterPattern: '{ $.type = "platform.report" && $.record.status != "success" }',
    metricTransformations: [
      { metricNamespace: "Kith", metricName: "FunctionErrors", metricValue: "1", defaultValue: 0, unit: "Count" },
    ],
  });

  const fn = (name: string): [string, string] => ["FunctionName", watched.functions.get(name)!.functionName];
  const api: [string, string] = ["ApiId", watched.httpApiId];
  const alarms: Alarm[] = [
    {
      id: "ApiServerErrorRateAlarm",
      description: "More than 1% of the HTTP API's answers were 5xx in 5 minutes (of at least 20 requests).",
      comparison: "GreaterThanThreshold",
      threshold: 1,
      metrics: [
        { id: "rate", label: "5xx (%)", expression: "IF(requests >= 20, 100 * errors / requests, 0)" },
        { id: "errors", hidden: true, namespace: "AWS/ApiGateway", metric: "5xx", dimension: api, stat: "Sum" },
        { id: "requests", hidden: true, namespace: "AWS/ApiGateway", metric: "Count", dimension: api, stat: "Sum" },
      ],
    },
    {
      id: "FunctionErrorsAlarm",
      description: "Five or more of this stack's invocations failed (error, crash or timeout) in 5 minutes.",
      comparison: "GreaterThanOrEqualToThreshold",
      threshold: 5,
      metrics: [{ id: "errors", namespace: "Kith", metric: "FunctionErrors", stat: "Sum" }],
    },
    {
      id: "FunctionThrottlesAlarm",
      description: "Lambda throttled invocations in this account and region (its concurrency is shared) in 5 minutes.",
      comparison: "GreaterThanOrEqualToThreshold",
      threshold: 5,
      metrics: [{ id: "throttles", namespace: "AWS/Lambda", metric: "Throttles", stat: "Sum" }],
    },
    {
      id: "StreamIteratorAgeAlarm",
      description:
        "The outbox stream's oldest record waited over a minute for publish-events (events, feeds and notifications are late).",
      comparison: "GreaterThanThreshold",
      threshold: 60000,
      metrics: [{ id: "age", namespace: "AWS/Lambda", metric: "IteratorAge", dimension: fn("publish-events"), stat: "Maximum" }],
    },
    {
      id: "FeedLatencyAlarm",
      description: "get-feed's p99 duration was over 500 ms in two of three 5-minute periods.",
      comparison: "GreaterThanThreshold",
      threshold: 500,
      periods: 3,
      datapoints: 2,
      metrics: [{ id: "p99", namespace: "AWS/Lambda", metric: "Duration", dimension: fn("get-feed"), stat: "p99" }],
    },
    {
      id: "PostLatencyAlarm",
      description: "get-post's or create-post's p99 duration was over 500 ms in two of three 5-minute periods.",
      comparison: "GreaterThanThreshold",
      threshold: 500,
      periods: 3,
      datapoints: 2,
      metrics: [
        { id: "slowest", label: "p99 (ms)", expression: "MAX([read, write])" },
        { id: "read", hidden: true, namespace: "AWS/Lambda", metric: "Duration", dimension: fn("get-post"), stat: "p99" },
        { id: "write", hidden: true, namespace: "AWS/Lambda", metric: "Duration", dimension: fn("create-post"), stat: "p99" },
      ],
    },
    {
      id: "EmailBounceRateAlarm",
      description: "SES's bounce rate passed 5%, where SES reviews the account (it pauses sending at 10%).",
      comparison: "GreaterThanThreshold",
      threshold: 0.05,
      metrics: [{ id: "bounces", namespace: "AWS/SES", metric: "Reputation.BounceRate", stat: "Maximum", period: 3600 }],
    },
    {
      id: "EmailComplaintRateAlarm",
      description: "SES's complaint rate passed 0.1%, where SES reviews the account (it pauses sending at 0.5%).",
      comparison: "GreaterThanThreshold",
      threshold: 0.001,
      metrics: [{ id: "complaints", namespace: "AWS/SES", metric: "Reputation.ComplaintRate", stat: "Maximum", period: 3600 }],
    },
    ...[...watched.deadLetters].map(([queue, name]): Alarm => ({
      id: `${queue}Alarm`,
      description: `A message is waiting in ${queue}: a delivery failed after its retries (see docs/operations.md).`,
      comparison: "GreaterThanOrEqualToThreshold",
      threshold: 1,
      metrics: [
        {
          id: "waiting",
          namespace: "AWS/SQS",
          metric: "ApproximateNumberOfMessagesVisible",
          dimension: ["QueueName", name],
          stat: "Maximum",
        },
      ],
    })),
  ];
  for (const alarm of alarms) {
    const resource = new cloudwatch.CfnAlarm(stack, alarm.id, {
      alarmDescription: alarm.description,
      alarmActions: [topic.ref],
      okActions: [topic.ref],
      comparisonOperator: alarm.comparison,
      threshold: alarm.threshold,
      evaluationPeriods: alarm.periods ?? 1,
      datapointsToAlarm: alarm.datapoints,
      treatMissingData: "notBreaching",
      metrics: alarm.metrics.map((m) =>
        "expression" in m
          ? m
          : {
              id: m.id,
              returnData: m.hidden ? false : undefined,
              metricStat: {
                metric: {
                  namespace: m.namespace,
                  metricName: m.metric,
                  dimensions: m.dimension && [{ name: m.dimension[0], value: m.dimension[1] }],
                },
                period: m.period ?? 300,
                stat: m.stat,
              },
            },
      ),
    });
    resource.overrideLogicalId(alarm.id);
  }

  // The body names functions of the feature stacks, which the main stack
  // reaches through their outputs.
  const dashboard = new cloudwatch.CfnDashboard(stack, "Dashboard", {
    dashboardBody: Fn.sub(readFileSync(DASHBOARD_PATH, "utf8"), {
      GetFeedFunction: watched.functions.get("get-feed")!.functionName,
      GetPostFunction: watched.functions.get("get-post")!.functionName,
      CreatePostFunction: watched.functions.get("create-post")!.functionName,
    }),
  });
  dashboard.overrideLogicalId("Dashboard");
  return { topic, dashboard };
}
