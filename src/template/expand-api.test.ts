import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { createStableId } from '../core/ids.js';
import { isStratusError } from '../core/errors.js';
import type { RestRouteModel } from '../core/app-model.js';
import { loadTemplate } from './load-template.js';
import { loadText, SAM_HEAD, samHeadWith, writeTemplate } from './test-helpers.js';

const arnOf = (r: RestRouteModel): string | undefined =>
  r.integration.type === 'lambda-proxy' ? r.integration.functionArn : undefined;

const FN_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:Fn';

test('implicit REST API: stage Prod, paths, methods, ANY and {proxy+}, stable id', async () => {
  const model = await loadText(`${SAM_HEAD}
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Get: {Type: Api, Properties: {Path: '/items/{id}', Method: get}}
        Post: {Type: Api, Properties: {Path: /items, Method: POST, TimeoutInMillis: 1000}}
        Proxy: {Type: Api, Properties: {Path: '/{proxy+}', Method: any}}
Outputs:
  Url: {Value: !Sub 'https://\${ServerlessRestApi}.execute-api.\${AWS::Region}.amazonaws.com/Prod/'}
`);
  const api = model.restApis[0]!;
  assert.equal(api.logicalId, 'ServerlessRestApi');
  assert.equal(api.id, createStableId('test-stack/ServerlessRestApi'));
  assert.equal(api.stageName, 'Prod');
  assert.deepEqual(
    api.routes.map((r) => [
      r.method,
      r.path,
      r.integration.type === 'lambda-proxy' ? r.integration.timeoutMs : 0,
    ]),
    [
      ['GET', '/items/{id}', 29000],
      ['POST', '/items', 1000],
      ['ANY', '/{proxy+}', 29000],
    ],
  );
  assert.ok(
    api.routes.every(
      (r) => r.integration.type === 'lambda-proxy' && r.integration.functionArn === FN_ARN,
    ),
  );
  assert.equal(model.outputs['Url'], `https://${api.id}.execute-api.us-east-1.amazonaws.com/Prod/`);
  assert.ok(
    model.permissions.some(
      (p) =>
        p.principal === 'apigateway.amazonaws.com' &&
        p.sourceArn === `arn:aws:execute-api:us-east-1:123456789012:${api.id}/*/GET/items/*`,
    ),
  );
});

test('implicit HTTP API: $default stage, payload 2.0, 5000 ms, $default route without Path', async () => {
  const model = await loadText(`${SAM_HEAD}
Resources:
  Fn:
    Type: AWS::Serverless::Function
    AutoPublishAlias: live
    Properties:
      AutoPublishAlias: live
      Events:
        Get: {Type: HttpApi, Properties: {Path: '/users/{id}', Method: get}}
        V1: {Type: HttpApi, Properties: {Path: /v1, Method: any, PayloadFormatVersion: '1.0', TimeoutInMillis: 9000}}
        Fallback: {Type: HttpApi}
`);
  const api = model.httpApis[0]!;
  assert.equal(api.logicalId, 'ServerlessHttpApi');
  assert.equal(api.stageName, '$default');
  assert.deepEqual(
    api.routes.map((r) => [
      r.routeKey,
      r.integration.payloadFormatVersion,
      r.integration.timeoutMs,
      r.integration.functionArn,
    ]),
    [
      ['GET /users/{id}', '2.0', 5000, `${FN_ARN}:live`],
      ['ANY /v1', '1.0', 9000, `${FN_ARN}:live`],
      ['$default', '2.0', 5000, `${FN_ARN}:live`],
    ],
  );
});

test('SAM Cors string adds OPTIONS mocks to every path lacking one, with computed methods', async () => {
  const model = await loadText(`${samHeadWith(`  Api:
    Cors: "'*'"`)}Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Get: {Type: Api, Properties: {Path: /a, Method: get}}
        Put: {Type: Api, Properties: {Path: /a, Method: put}}
        Any: {Type: Api, Properties: {Path: '/{proxy+}', Method: any}}
        Own: {Type: Api, Properties: {Path: /b, Method: options}}
`);
  const routes = model.restApis[0]!.routes.filter((r) => r.method === 'OPTIONS');
  assert.equal(routes.length, 3);
  const a = routes.find((r) => r.path === '/a')!;
  assert.deepEqual(a.integration, {
    type: 'mock',
    statusCode: 200,
    headers: {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'GET,OPTIONS,PUT',
    },
    body: '{}\n',
  });
  const proxy = routes.find((r) => r.path === '/{proxy+}')!;
  assert.equal(
    proxy.integration.type === 'mock' && proxy.integration.headers['Access-Control-Allow-Methods'],
    'DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT',
  );
  assert.equal(routes.find((r) => r.path === '/b')!.integration.type, 'lambda-proxy');
});

test('SAM Cors object: headers, methods, max age, credentials; preflight inherits the default authorizer', async () => {
  const model = await loadText(`${SAM_HEAD}
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: v1
      Variables: {alias: live}
      Cors:
        AllowOrigin: "'https://app.example.com'"
        AllowHeaders: "'Content-Type,Authorization'"
        AllowMethods: "'GET,POST'"
        MaxAge: 600
        AllowCredentials: true
      Auth:
        DefaultAuthorizer: TokenAuth
        Authorizers:
          TokenAuth:
            FunctionArn: !GetAtt AuthFn.Arn
            Identity: {Header: X-Token, ReauthorizeEvery: 0}
  AuthFn:
    Type: AWS::Serverless::Function
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Get: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /x, Method: get}}
        Open: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /open, Method: get, Auth: {Authorizer: NONE}}}
`);
  const api = model.restApis[0]!;
  assert.equal(api.stageName, 'v1');
  assert.deepEqual(api.stageVariables, { alias: 'live' });
  assert.deepEqual(api.authorizers, [
    {
      name: 'TokenAuth',
      type: 'TOKEN',
      functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:AuthFn',
      resultTtlSeconds: 0,
      identityHeader: 'X-Token',
    },
  ]);
  const get = api.routes.find((r) => r.path === '/x' && r.method === 'GET')!;
  assert.equal(get.authorizer, 'TokenAuth');
  assert.equal(
    api.routes.find((r) => r.path === '/open' && r.method === 'GET')!.authorizer,
    undefined,
  );
  const options = api.routes.find((r) => r.path === '/x' && r.method === 'OPTIONS')!;
  assert.equal(options.authorizer, 'TokenAuth');
  assert.deepEqual(options.integration.type === 'mock' && options.integration.headers, {
    'Access-Control-Allow-Origin': 'https://app.example.com',
    'Access-Control-Allow-Headers': 'Content-Type,Authorization',
    'Access-Control-Allow-Methods': 'GET,POST',
    'Access-Control-Max-Age': '600',
    'Access-Control-Allow-Credentials': 'true',
  });
});

test("Cors AllowCredentials with origin '*' is refused as SAM does", async () => {
  await assert.rejects(
    loadText(`${SAM_HEAD}
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties: {StageName: Prod, Cors: {AllowOrigin: "'*'", AllowCredentials: true}}
`),
    (e) =>
      isStratusError(e, 'ERR_TEMPLATE_INVALID') &&
      e.message.includes('Resources.Api.Properties.Cors.AllowCredentials'),
  );
});

test('DefinitionBody: aws_proxy URIs (also with stage variables), mock, ANY, extensions, merged events', async () => {
  const model = await loadText(`${SAM_HEAD}
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      DefinitionBody:
        swagger: '2.0'
        x-amazon-apigateway-binary-media-types: ['application~1octet-stream']
        x-amazon-apigateway-gateway-responses:
          DEFAULT_4XX:
            responseParameters: {gatewayresponse.header.Access-Control-Allow-Origin: "'*'"}
            responseTemplates: {application/json: '{"message":$context.error.messageString}'}
        securityDefinitions:
          api_key: {type: apiKey, name: x-api-key, in: header}
        paths:
          /fn:
            get:
              security: [{api_key: []}]
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
          /staged:
            x-amazon-apigateway-any-method:
              x-amazon-apigateway-integration:
                type: AWS_PROXY
                httpMethod: POST
                uri: arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/arn:aws:lambda:\${AWS::Region}:\${AWS::AccountId}:function:Fn:\${stageVariables.alias}/invocations
          /sub:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}:\${stageVariables.alias}/invocations
          /health:
            get:
              x-amazon-apigateway-integration:
                type: mock
                requestTemplates: {application/json: '{"statusCode": 200}'}
                responses:
                  default:
                    statusCode: '200'
                    responseParameters: {method.response.header.X-Mode: "'mock'"}
                    responseTemplates: {application/json: '{"ok":true}'}
          /http:
            get:
              x-amazon-apigateway-integration: {type: http_proxy, uri: 'https://example.com'}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Extra: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /extra, Method: post}}
`);
  const api = model.restApis[0]!;
  const byPath = (path: string) => api.routes.find((r) => r.path === path)!;
  assert.deepEqual(byPath('/fn').integration, {
    type: 'lambda-proxy',
    functionArn: FN_ARN,
    timeoutMs: 29000,
  });
  assert.equal(byPath('/fn').apiKeyRequired, true);
  assert.equal(byPath('/staged').method, 'ANY');
  assert.equal(arnOf(byPath('/staged')), `${FN_ARN}:\${stageVariables.alias}`);
  assert.equal(arnOf(byPath('/sub')), `${FN_ARN}:\${stageVariables.alias}`);
  assert.deepEqual(byPath('/health').integration, {
    type: 'mock',
    statusCode: 200,
    headers: { 'X-Mode': 'mock' },
    body: '{"ok":true}',
  });
  assert.equal(byPath('/extra').method, 'POST');
  assert.equal(
    api.routes.some((r) => r.path === '/http'),
    false,
  );
  assert.ok(model.warnings.some((w) => w.logicalId === 'Api' && w.message.includes('http_proxy')));
  assert.deepEqual(api.binaryMediaTypes, ['application/octet-stream']);
  assert.deepEqual(api.gatewayResponses[0], {
    type: 'DEFAULT_4XX',
    headers: { 'Access-Control-Allow-Origin': '*' },
    templates: { 'application/json': '{"message":$context.error.messageString}' },
  });
});

test('HttpApi DefinitionBody: $default path, x-amazon-apigateway-cors, JWT authorizer; CorsConfiguration true', async () => {
  const model = await loadText(`${SAM_HEAD}
Resources:
  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      StageVariables: {v: '1'}
      DefinitionBody:
        openapi: '3.0.1'
        x-amazon-apigateway-cors: {allowOrigins: ['https://a.example'], allowMethods: [GET], maxAge: 60}
        components:
          securitySchemes:
            jwt:
              type: oauth2
              x-amazon-apigateway-authorizer:
                type: jwt
                identitySource: $request.header.Authorization
                jwtConfiguration: {issuer: 'https://issuer.example', audience: [app]}
        paths:
          $default:
            x-amazon-apigateway-any-method:
              security: [{jwt: [read]}]
              x-amazon-apigateway-integration:
                type: aws_proxy
                uri: !GetAtt Fn.Arn
                payloadFormatVersion: '2.0'
  Quick:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: quick
      ProtocolType: HTTP
      Target: !GetAtt Fn.Arn
      CorsConfiguration: {AllowOrigins: ['*'], AllowMethods: [GET, POST]}
  Fn:
    Type: AWS::Serverless::Function
`);
  const http = model.httpApis.find((a) => a.logicalId === 'Http')!;
  assert.deepEqual(http.stageVariables, { v: '1' });
  assert.deepEqual(http.routes, [
    {
      routeKey: '$default',
      integration: {
        type: 'lambda-proxy',
        functionArn: FN_ARN,
        timeoutMs: 30000,
        payloadFormatVersion: '2.0',
      },
      authorizer: 'jwt',
      authorizationScopes: ['read'],
    },
  ]);
  assert.deepEqual(http.cors, {
    allowOrigins: ['https://a.example'],
    allowMethods: ['GET'],
    allowHeaders: [],
    exposeHeaders: [],
    allowCredentials: false,
    maxAge: 60,
  });
  assert.deepEqual(http.authorizers, [
    {
      name: 'jwt',
      type: 'JWT',
      identitySources: ['$request.header.Authorization'],
      audience: ['app'],
      issuer: 'https://issuer.example',
    },
  ]);
  const quick = model.httpApis.find((a) => a.logicalId === 'Quick')!;
  assert.equal(quick.name, 'quick');
  assert.equal(quick.stageName, '$default');
  assert.equal(quick.routes[0]!.routeKey, '$default');
  assert.deepEqual(quick.cors?.allowMethods, ['GET', 'POST']);
  const implicit = await loadText(`${samHeadWith(`  HttpApi:
    CorsConfiguration: true`)}Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Get: {Type: HttpApi, Properties: {Path: /, Method: get}}
`);
  assert.deepEqual(implicit.httpApis[0]!.cors, {
    allowOrigins: ['*'],
    allowMethods: [],
    allowHeaders: [],
    exposeHeaders: [],
    allowCredentials: false,
  });
});

test('an event naming an undefined authorizer is an error naming the property', async () => {
  await assert.rejects(
    loadText(`${SAM_HEAD}
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Get: {Type: Api, Properties: {Path: /, Method: get, Auth: {Authorizer: Missing}}}
`),
    (e) =>
      isStratusError(e, 'ERR_TEMPLATE_INVALID') &&
      e.message.includes(
        "Resources.Fn.Properties.Events.Get.Properties.Auth.Authorizer: authorizer 'Missing' is not defined",
      ),
  );
});

test('plain AWS::ApiGateway::RestApi with Body and a Stage', async () => {
  const model = await loadText(`${SAM_HEAD}
Resources:
  Rest:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: plain
      Body:
        openapi: 3.0.1
        paths:
          /:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties: {RestApiId: !Ref Rest, StageName: live, Variables: {a: b}}
  Fn:
    Type: AWS::Serverless::Function
`);
  const api = model.restApis[0]!;
  assert.equal(api.name, 'plain');
  assert.equal(api.stageName, 'live');
  assert.deepEqual(api.stageVariables, { a: 'b' });
  assert.equal(api.routes[0]!.path, '/');
});

test('DefinitionBody through AWS::Include of a local file', async () => {
  const templatePath = writeTemplate(`${SAM_HEAD}
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      DefinitionBody:
        Fn::Transform:
          Name: AWS::Include
          Parameters: {Location: openapi.yaml}
  Fn:
    Type: AWS::Serverless::Function
`);
  writeFileSync(
    join(dirname(templatePath), 'openapi.yaml'),
    `swagger: '2.0'
paths:
  /included:
    get:
      x-amazon-apigateway-integration:
        type: aws_proxy
        uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
`,
  );
  const model = await loadTemplate({
    templatePath,
    region: 'us-east-1',
    accountId: '123456789012',
    stackName: 's',
    awsEndpoint: 'http://x',
  });
  assert.deepEqual(
    model.restApis[0]!.routes.map((r) => [r.method, r.path, arnOf(r)]),
    [['GET', '/included', FN_ARN]],
  );
});

test('AWS::ApiGateway::Resource / Method trees become routes', async () => {
  const model = await loadText(`${SAM_HEAD}
Resources:
  Rest:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: tree}
  Items:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: !Ref Rest, ParentId: !GetAtt Rest.RootResourceId, PathPart: items}
  Item:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: !Ref Rest, ParentId: !Ref Items, PathPart: '{id}'}
  GetItem:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Rest
      ResourceId: !Ref Item
      HttpMethod: GET
      AuthorizationType: NONE
      ApiKeyRequired: true
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
  Deployment:
    Type: AWS::ApiGateway::Deployment
    DependsOn: GetItem
    Properties: {RestApiId: !Ref Rest, StageName: v2}
  Fn:
    Type: AWS::Serverless::Function
`);
  const api = model.restApis[0]!;
  assert.equal(api.stageName, 'v2');
  assert.deepEqual(
    api.routes.map((r) => [r.method, r.path, r.apiKeyRequired, arnOf(r)]),
    [['GET', '/items/{id}', true, FN_ARN]],
  );
});

test('DependsOn an unknown resource is an error naming it', async () => {
  await assert.rejects(
    loadText(
      `${SAM_HEAD}\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    DependsOn: [Missing]\n`,
    ),
    (e) =>
      isStratusError(e, 'ERR_TEMPLATE_INVALID') &&
      e.message.includes("Resources.Q.DependsOn: depends on unknown resource 'Missing'"),
  );
});
