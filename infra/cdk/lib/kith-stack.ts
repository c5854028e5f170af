// Kith's stack as a CDK app: the same resources, logical ids and settings as
// template.yaml (the parity test compares them), with the HTTP functions and
// routes read from the project's route table (infra/functions.json) and each
// function's code the `bootstrap` that one release build of the workspace put
// in target/lambda/<name>/ (scripts/build-lambdas).

import { join } from "node:path";
import { Aws, CfnOutput, CfnParameter, CfnResource, Duration, Fn, NestedStack, RemovalPolicy, Stack, StackProps } from "aws-cdk-lib";
import * as apigw from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration, WebSocketLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as events from "aws-cdk-lib/aws-events";
import * as eventTargets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import { DynamoEventSource, SnsEventSource, SqsDlq, SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import * as schedulerTargets from "aws-cdk-lib/aws-scheduler-targets";
import * as ses from "aws-cdk-lib/aws-ses";
import * as sns from "aws-cdk-lib/aws-sns";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { Access, EVENT_HANDLERS, EventHandler } from "./handlers";
import { Grant, loadManifest, Manifest, pascal } from "./manifest";
import { operations } from "./operations";

export interface KithStackProps extends StackProps {
  /** Where each function's `bootstrap` is: `<assets>/<name>/bootstrap`. */
  readonly assets: string;
  /** The route table; infra/functions.json by default. */
  readonly manifest?: Manifest;
}

const INDEXES = ["GSI1", "GSI2", "GSI3", "GSI4", "GSI5", "GSI6", "GSI7", "GSI8"];
/** What each index holds, as template.yaml says: GSI2 what its lists decode
 * (so counters and conversation previews do not rewrite it), GSI3-8 (the
 * community sorts, all moved by a vote) keys only. */
const projection = (indexName: string) =>
  indexName === "GSI1"
    ? { projectionType: dynamodb.ProjectionType.ALL }
    : indexName === "GSI2"
      ? {
          projectionType: dynamodb.ProjectionType.INCLUDE,
          nonKeyAttributes: ["kind", "from_id", "to_id", "created_at", "community_id", "user_id", "role", "joined_at", "post_id"],
        }
      : { projectionType: dynamodb.ProjectionType.KEYS_ONLY };

/** Gives a construct's resource the logical id template.yaml gives it. */
function logicalId(construct: Construct, id: string) {
  (construct.node.defaultChild as CfnResource).overrideLogicalId(id);
}

export class KithStack extends Stack {
  constructor(scope: Construct, id: string, props: KithStackProps) {
    super(scope, id, props);
    const manifest = props.manifest ?? loadManifest();
    // Every event handler of the route table is a WebSocket route or wired in lib/handlers.ts.
    const wired = new Set([...manifest.socketRoutes, ...EVENT_HANDLERS].map((h) => h.function));
    const unwired = manifest.eventHandlers.filter((h) => !wired.has(h));
    if (unwired.length > 0) throw new Error(`event handlers with no trigger in lib/handlers.ts: ${unwired.join(", ")}`);

    const param = (name: string, options: { default?: string; description: string; allowedPattern?: string }) =>
      new CfnParameter(this, name, { type: "String", ...options });
    const operatorEmails = param("OperatorEmails", {
      default: "",
      description: "Who gets the daily report (comma-separated addresses; empty sends none).",
    });
    const emailSender = param("EmailSender", {
      default: "no-reply@kith.local",
      description: "Address Kith sends verification and reset emails from (an SES identity is created for it).",
    });
    const appUrl = param("AppUrl", {
      default: "http://localhost:3000",
      description: "Client app base URL that links in emails point to.",
    });
    const apns = param("ApnsPlatformApplicationArn", {
      default: "",
      description:
        "The SNS platform application (APNs) iOS devices register under; its EventDeliveryFailure topic is the PushFailuresTopic output. Empty: no iOS devices.",
    });
    const fcm = param("FcmPlatformApplicationArn", {
      default: "",
      description:
        "The SNS platform application (FCM) Android devices register under; EventDeliveryFailure as for APNs. Empty: no Android devices.",
    });
    const admins = param("Admins", {
      default: "",
      description: "Comma-separated account ids of the site admins, who handle reports about content outside communities.",
    });
    const signingKeySecret = param("JwtSigningKeySecretName", {
      default: "kith/jwt-signing-key",
      description:
        "Secrets Manager secret holding the Ed25519 private key (PKCS#8 PEM) that signs access tokens; only the sign-in and refresh functions may read it.",
    });
    const publicKey = param("JwtPublicKey", {
      allowedPattern: "^[A-Za-z0-9_-]{43}$",
      description: "The public half of that key: base64url of its 32 bytes (the JWK x). See the README's Deploy section.",
    });
    const cursorKeySecret = param("CursorKeySecretName", {
      default: "kith/cursor-key",
      description: "Secrets Manager secret (a random string of at least 32 characters) that signs pagination cursors.",
    });

    const retention = new CfnParameter(this, "LogRetentionInDays", {
      type: "Number",
      default: 30,
      allowedValues: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653].map(String),
      description: "How long the functions' logs are kept.",
    });
    // One log group with a retention for every function: Lambda names each
    // stream after its function (the default per-function groups never expire).
    const functionLogs = new logs.CfnLogGroup(this, "FunctionLogs", { retentionInDays: retention.valueAsNumber });
    const logGroup = logs.LogGroup.fromLogGroupArn(this, "FunctionLogGroup", functionLogs.attrArn);

    // The single table (docs/data-model.md): GSI1/GSI2, and GSI3-8 for the
    // community post sorts, whose sort keys are numbers that votes move.
    const table = new dynamodb.Table(this, "Table", {
      partitionKey: { name: "PK", type: dynamodb.AttributeType.STRING },
      sortKey: { name: "SK", type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: "expires_at",
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    logicalId(table, "Table");
    for (const [n, indexName] of INDEXES.entries()) {
      table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: `${indexName}PK`, type: dynamodb.AttributeType.STRING },
        sortKey: { name: `${indexName}SK`, type: n < 2 ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER },
        ...projection(indexName),
      });
    }

    // Mail: every message goes out under the configuration set, whose
    // bounces and complaints reach email-feedback through this topic.
    new ses.CfnEmailIdentity(this, "EmailIdentity", { emailIdentity: emailSender.valueAsString });
    const configurationSet = new ses.CfnConfigurationSet(this, "EmailConfigurationSet");
    // Not KMS-encrypted: SES can only publish to a topic under a customer key
    // whose policy admits it, and the messages hold only addresses SES knows.
    const emailFeedback = new sns.Topic(this, "EmailFeedbackTopic");
    logicalId(emailFeedback, "EmailFeedbackTopic");
    new sns.CfnTopicPolicy(this, "EmailFeedbackTopicPolicy", {
      topics: [emailFeedback.topicArn],
      policyDocument: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            principals: [new iam.ServicePrincipal("ses.amazonaws.com")],
            actions: ["sns:Publish"],
            resources: [emailFeedback.topicArn],
            conditions: { StringEquals: { "AWS:SourceAccount": this.account } },
          }),
        ],
      }),
    });
    new ses.CfnConfigurationSetEventDestination(this, "EmailFeedbackDestination", {
      configurationSetName: configurationSet.ref,
      eventDestination: {
        enabled: true,
        matchingEventTypes: ["bounce", "complaint"],
        snsDestination: { topicArn: emailFeedback.topicArn },
      },
    });
    // Delivery failures of the platform applications: disabled endpoints are removed.
    const pushFailures = new sns.Topic(this, "PushFailuresTopic");
    logicalId(pushFailures, "PushFailuresTopic");
    // SNS's AWS-managed key (the L2 takes only a customer key).
    (pushFailures.node.defaultChild as sns.CfnTopic).kmsMasterKeyId = "alias/aws/sns";

    // Uploads land under uploads/ through presigned POSTs; process-media turns
    // them into variants under media/ and deletes the original.
    const media = new s3.Bucket(this, "MediaBucket", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: s3.BucketEncryption.S3_MANAGED,
      cors: [{ allowedMethods: [s3.HttpMethods.POST, s3.HttpMethods.GET], allowedOrigins: ["*"], allowedHeaders: ["*"], maxAge: 3000 }],
      lifecycleRules: [
        { id: "AbortIncompleteUploads", abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { id: "AbandonedOriginals", prefix: "uploads/", expiration: Duration.days(2) },
        {
          id: "ProcessedToInfrequentAccess",
          prefix: "media/",
          transitions: [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) }],
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    logicalId(media, "MediaBucket");
    // EventBridge notifications as a bucket property (the L2's
    // `eventBridgeEnabled` would add a custom-resource function).
    (media.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };
    new s3.CfnBucketPolicy(this, "MediaBucketPolicy", {
      bucket: media.bucketName,
      policyDocument: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: "TlsOnly",
            effect: iam.Effect.DENY,
            principals: [new iam.StarPrincipal()],
            actions: ["s3:*"],
            resources: [media.bucketArn, Fn.sub("${MediaBucket.Arn}/*")],
            conditions: { Bool: { "aws:SecureTransport": "false" } },
          }),
        ],
      }),
    });

    const bus = new events.EventBus(this, "EventBus", { eventBusName: "kith" });
    logicalId(bus, "EventBus");

    const httpApi = new apigw.HttpApi(this, "HttpApi", {
      corsPreflight: {
        allowOrigins: ["*"],
        allowHeaders: ["authorization", "content-type", "idempotency-key"],
        allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].map((m) => m as apigw.CorsHttpMethod),
      },
      createDefaultStage: false,
    });
    logicalId(httpApi, "HttpApi");
    new apigw.HttpStage(this, "HttpApiApiGatewayDefaultStage", {
      httpApi,
      stageName: "$default",
      autoDeploy: true,
      throttle: { burstLimit: 200, rateLimit: 100 },
    });
    const webSocketApi = new apigw.WebSocketApi(this, "WebSocketApi", {
      apiName: `${this.stackName}-realtime`,
      routeSelectionExpression: "$request.body.action",
    });
    logicalId(webSocketApi, "WebSocketApi");
    const webSocketStage = new apigw.WebSocketStage(this, "WebSocketStage", {
      webSocketApi,
      stageName: "live",
      autoDeploy: true,
    });
    logicalId(webSocketStage, "WebSocketStage");

    const environment: Record<string, string> = {
      KITH_TABLE: table.tableName,
      KITH_JWT_ISSUER: "kith",
      KITH_JWT_AUDIENCE: "kith-api",
      KITH_EMAIL_FROM: emailSender.valueAsString,
      KITH_APP_URL: appUrl.valueAsString,
      KITH_EVENT_BUS: bus.eventBusName,
      KITH_ADMINS: admins.valueAsString,
      KITH_VIEWS_SAMPLE_PERCENT: "10",
      KITH_MEDIA_BUCKET: media.bucketName,
      KITH_JWT_PUBLIC_KEY: publicKey.valueAsString,
      KITH_CURSOR_KEY: `{{resolve:secretsmanager:${cursorKeySecret.valueAsString}:SecretString}}`,
      KITH_WEBSOCKET_ENDPOINT: `https://${webSocketApi.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}/live`,
      KITH_EMAIL_CONFIGURATION_SET: configurationSet.ref,
      KITH_API_URL: `https://${httpApi.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`,
      KITH_PUSH_APNS_APPLICATION: apns.valueAsString,
      KITH_PUSH_FCM_APPLICATION: fcm.valueAsString,
    };

    // What a function may do (template.yaml's policies). Statements with a
    // wildcard are managed policies of this stack, attached by the feature
    // stacks, so that each wildcard is written (and reviewed) once.
    const arn = (service: string, resource: string) =>
      `arn:${Aws.PARTITION}:${service}:${Aws.REGION}:${Aws.ACCOUNT_ID}:${resource}`;
    const statement = (actions: string[], resources: string[]) => new iam.PolicyStatement({ actions, resources });
    const managed = (id: string, description: string, statements: iam.PolicyStatement[]) => {
      const policy = new iam.ManagedPolicy(this, id, { description, statements });
      logicalId(policy, id);
      return policy;
    };
    const mail = statement(
      ["ses:SendEmail"],
      [arn("ses", `identity/${emailSender.valueAsString}`), arn("ses", `configuration-set/${configurationSet.ref}`)],
    );
    const push = managed("PushPolicy", "Register devices under the platform applications and push to their endpoints (SNS)", [
      statement(["sns:CreatePlatformEndpoint"], [arn("sns", "app/*")]),
      statement(["sns:Publish", "sns:SetEndpointAttributes", "sns:DeleteEndpoint"], [arn("sns", "endpoint/*")]),
    ]);
    const socket = managed("SocketPushPolicy", "Push frames to the WebSocket API's connections (@connections)", [
      statement(["execute-api:ManageConnections"], [arn("execute-api", `${webSocketApi.apiId}/live/POST/@connections/*`)]),
    ]);
    const mediaRead = managed("MediaReadPolicy", "Sign download links for media variants (a link works only if its signer may read the object)", [
      statement(["s3:GetObject"], [media.arnForObjects("media/*")]),
    ]);
    const uploads = managed("MediaUploadPolicy", "Hand out presigned upload forms under uploads/", [
      statement(["s3:PutObject"], [media.arnForObjects("uploads/*")]),
    ]);
    const signingKey = managed("SigningKeyReadPolicy", "Read the token signing key (sign-in and refresh only)", [
      statement(["secretsmanager:GetSecretValue"], [arn("secretsmanager", `secret:${signingKeySecret.valueAsString}-*`)]),
    ]);
    const permissions: Record<Access | Grant, (iam.PolicyStatement | iam.ManagedPolicy)[]> = {
      table: [],
      mail: [mail],
      push: [push],
      socket: [socket],
      mediaRead: [mediaRead],
      mediaProcess: [
        statement(["s3:GetObject", "s3:DeleteObject"], [media.arnForObjects("uploads/*")]),
        statement(["s3:PutObject"], [media.arnForObjects("media/*")]),
        statement(["s3:ListBucket"], [media.bucketArn]),
        // Rekognition's image APIs take no resource.
        statement(["rekognition:DetectModerationLabels", "rekognition:DetectLabels"], ["*"]),
      ],
      mediaDelete: [statement(["s3:DeleteObject"], [media.arnForObjects("uploads/*"), media.arnForObjects("media/*")])],
      SendsMail: [mail],
      SignsMediaLinks: [mediaRead],
      SignsUploads: [uploads],
      IssuesTokens: [signingKey],
      Pushes: [push],
      // The table write it needs is granted with the route's table access.
      RecordsExposures: [],
    };
    // The table and its indexes by name (SAM's DynamoDBReadPolicy and DynamoDBCrudPolicy actions).
    const tableResources = [table.tableArn, ...INDEXES.map((index) => `${table.tableArn}/index/${index}`)];
    const read = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:DescribeTable"];
    const write = ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem"];
    const tableAccess = (f: lambda.Function, writes: boolean) =>
      f.addToRolePolicy(statement(writes ? [...read, ...write] : read, tableResources));

    const functions = new Map<string, lambda.Function>();
    const fn = (
      scope: Construct,
      name: string,
      description: string,
      options: { memorySize?: number; timeoutSeconds?: number; environment?: Record<string, string> } = {},
    ) => {
      const f = new lambda.Function(scope, `${pascal(name)}Function`, {
        runtime: lambda.Runtime.PROVIDED_AL2023,
        architecture: lambda.Architecture.ARM_64,
        handler: "bootstrap",
        code: lambda.Code.fromAsset(join(props.assets, name)),
        description,
        memorySize: options.memorySize ?? 256,
        timeout: Duration.seconds(options.timeoutSeconds ?? 10),
        loggingFormat: lambda.LoggingFormat.JSON,
        logGroup,
        // Each invocation is a trace (the HTTP API itself has no X-Ray support).
        tracing: lambda.Tracing.ACTIVE,
        environment: { ...environment, ...options.environment },
      });
      logicalId(f, `${pascal(name)}Function`);
      functions.set(name, f);
      return f;
    };
    const allow = (f: lambda.Function, what: (Access | Grant)[]) => {
      for (const p of what.flatMap((w) => permissions[w])) {
        if (p instanceof iam.ManagedPolicy) f.role!.addManagedPolicy(p);
        else f.addToRolePolicy(p);
      }
      if (what.includes("table")) tableAccess(f, true);
    };

    // HTTP routes: one function each, from the route table, in a nested
    // stack per feature (a function with its role, policy, route,
    // integration and permission is six resources: 141 functions in one
    // stack would pass CloudFormation's 500). GET routes read the table
    // (those that record exposures also write it); the others read and
    // write it.
    const features = new Map<string, NestedStack>();
    for (const route of manifest.routes) {
      let feature = features.get(route.feature);
      if (!feature) {
        feature = new NestedStack(this, `${pascal(route.feature)}Routes`, {
          description: `Kith's ${route.feature} routes`,
        });
        features.set(route.feature, feature);
      }
      const issuesTokens = route.grants.includes("IssuesTokens");
      const f = fn(feature, route.function, `${route.method} ${route.path}`, {
        environment: issuesTokens ? { KITH_JWT_PRIVATE_KEY_SECRET: signingKeySecret.valueAsString } : {},
      });
      tableAccess(f, route.method !== "GET" || route.grants.includes("RecordsExposures"));
      allow(f, route.grants);
      new apigw.HttpRoute(feature, `${pascal(route.function)}Route`, {
        httpApi,
        routeKey: apigw.HttpRouteKey.with(route.path, route.method as apigw.HttpMethod),
        integration: new HttpLambdaIntegration(`${pascal(route.function)}Integration`, f),
      });
    }

    // The WebSocket API's routes.
    for (const route of manifest.socketRoutes) {
      const f = fn(this, route.function, `WebSocket route ${route.routeKey}`);
      allow(f, route.pushes ? ["table", "socket"] : ["table"]);
      webSocketApi.addRoute(route.routeKey, {
        integration: new WebSocketLambdaIntegration(`${pascal(route.function)}Integration`, f),
      });
    }

    // Event handlers.
    // Stream batches that still fail after the retries land here (the records' coordinates).
    const publishFailures = new sqs.Queue(this, "PublishEventsFailures", {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    logicalId(publishFailures, "PublishEventsFailures");
    const deadLetterQueues = new Map<string, sqs.Queue>();
    const deadLetters = (id: string) => {
      const queue = new sqs.Queue(this, id, { enforceSSL: true, encryption: sqs.QueueEncryption.SQS_MANAGED });
      logicalId(queue, id);
      deadLetterQueues.set(id, queue);
      return queue;
    };
    let dailyReport: lambda.Function | undefined;
    for (const handler of EVENT_HANDLERS) {
      const f = fn(this, handler.function, handler.description, handler);
      allow(f, handler.access);
      this.trigger(f, handler, { table, bus, media, emailFeedback, pushFailures, publishFailures, deadLetters });
      if (handler.function === "send-daily-report") dailyReport = f;
    }
    // The daily report counts what waits in every dead-letter queue.
    deadLetterQueues.set("PublishEventsFailures", publishFailures);
    const queues = [...deadLetterQueues.values()];
    dailyReport!.addEnvironment("KITH_OPERATOR_EMAILS", operatorEmails.valueAsString);
    dailyReport!.addEnvironment("KITH_DEAD_LETTER_QUEUES", Fn.join(",", queues.map((q) => q.queueUrl)));
    dailyReport!.addToRolePolicy(statement(["sqs:GetQueueAttributes"], queues.map((q) => q.queueArn)));

    new CfnOutput(this, "ApiUrl", {
      description: "Base URL of the HTTP API.",
      value: Fn.sub("https://${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}"),
    });
    new CfnOutput(this, "WebSocketUrl", {
      description: "The WebSocket API clients connect to (docs/websocket.md).",
      value: Fn.sub("wss://${WebSocketApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/live"),
    });
    new CfnOutput(this, "PushFailuresTopicOutput", {
      description: "Set it as the platform applications' EventDeliveryFailure topic (docs/notifications.md).",
      value: pushFailures.topicArn,
    }).overrideLogicalId("PushFailuresTopic");
    const { topic } = operations(this, {
      functionLogs,
      httpApiId: httpApi.apiId,
      functions,
      deadLetters: new Map([...deadLetterQueues].map(([id, queue]) => [id, queue.queueName])),
    });
    new CfnOutput(this, "AlarmTopicOutput", {
      description: "The alarms' SNS topic (subscribe pagers or chat to it too).",
      value: topic.ref,
    }).overrideLogicalId("AlarmTopic");
    new CfnOutput(this, "DashboardUrl", {
      description: "The CloudWatch dashboard.",
      value: Fn.sub("https://${AWS::Region}.console.aws.amazon.com/cloudwatch/home?region=${AWS::Region}#dashboards:name=${Dashboard}"),
    });
    new CfnOutput(this, "TableName", { value: table.tableName });
  }

  /** Connects an event handler to what triggers it, with its retries and dead letters. */
  private trigger(
    f: lambda.Function,
    handler: EventHandler,
    on: {
      table: dynamodb.Table;
      bus: events.EventBus;
      media: s3.Bucket;
      emailFeedback: sns.Topic;
      pushFailures: sns.Topic;
      publishFailures: sqs.Queue;
      deadLetters: (id: string) => sqs.Queue;
    },
  ) {
    const stem = pascal(handler.function);
    const t = handler.trigger;
    if ("outboxStream" in t) {
      f.addEventSource(
        new DynamoEventSource(on.table, {
          startingPosition: lambda.StartingPosition.TRIM_HORIZON,
          batchSize: 100,
          maxBatchingWindow: Duration.seconds(1),
          bisectBatchOnError: true,
          retryAttempts: 10,
          reportBatchItemFailures: true,
          filters: [
            lambda.FilterCriteria.filter({
              eventName: lambda.FilterRule.isEqual("INSERT"),
              dynamodb: { Keys: { PK: { S: lambda.FilterRule.beginsWith("OUTBOX#") } } },
            }),
          ],
          onFailure: new SqsDlq(on.publishFailures),
        }),
      );
      on.bus.grantPutEventsTo(f);
    } else if ("rule" in t) {
      const pattern: events.EventPattern =
        "s3Uploads" in t
          ? {
              source: ["aws.s3"],
              detailType: ["Object Created"],
              detail: { bucket: { name: [on.media.bucketName] }, object: { key: [{ prefix: "uploads/" }] } },
            }
          : { source: ["kith"], detailType: t.detailTypes };
      const rule = new events.Rule(this, `${stem}Function${t.rule}`, {
        eventBus: "s3Uploads" in t ? undefined : on.bus,
        eventPattern: pattern,
      });
      logicalId(rule, `${stem}Function${t.rule}`);
      const deadLetterQueue = on.deadLetters(`${stem}${t.rule}DeadLetters`);
      const retries = { deadLetterQueue, retryAttempts: t.retries, maxEventAge: Duration.seconds(t.maxAgeSeconds) };
      if ("delay" in t && t.delay) {
        const queue = new sqs.Queue(this, `${stem}Queue`, {
          deliveryDelay: Duration.seconds(t.delay.seconds),
          // Lambda's advice: six times the function's timeout before a message reappears.
          visibilityTimeout: Duration.seconds(6 * (handler.timeoutSeconds ?? 10)),
          retentionPeriod: Duration.hours(1),
          deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: t.delay.receives },
          encryption: sqs.QueueEncryption.SQS_MANAGED,
          enforceSSL: true,
        });
        logicalId(queue, `${stem}Queue`);
        rule.addTarget(new eventTargets.SqsQueue(queue, retries));
        f.addEventSource(new SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true }));
      } else {
        rule.addTarget(new eventTargets.LambdaFunction(f, retries));
      }
    } else if ("schedule" in t) {
      const schedule = new scheduler.Schedule(this, `${stem}FunctionSchedule`, {
        schedule: scheduler.ScheduleExpression.expression(t.schedule),
        target: new schedulerTargets.LambdaInvoke(f, {
          retryAttempts: 2,
          deadLetterQueue: on.deadLetters(`${stem}ScheduleDeadLetters`),
        }),
      });
      logicalId(schedule, `${stem}FunctionSchedule`);
    } else {
      f.addEventSource(new SnsEventSource(t.topic === "EmailFeedbackTopic" ? on.emailFeedback : on.pushFailures));
    }
  }
}
