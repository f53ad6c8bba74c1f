import { catalog, findTool } from '../../agent/tools/catalog.js';
import type { AnyTool } from '../../agent/tools/define-tool.js';
import { ROUTES, openApiPath, type RouteDef } from './routes.js';
import { toolJsonSchemas } from './tool-input.js';

type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; required?: string[] };

const ErrorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: ['invalid', 'not_found', 'ambiguous', 'conflict', 'forbidden', 'unauthorized', 'confirmation_required', 'timeout', 'internal'] },
        message: { type: 'string' },
        field: { type: 'string', description: 'The input field at fault (invalid)' },
        candidates: { type: 'array', description: 'The contacts a reference could mean (ambiguous)', items: { type: 'object' } },
        summary: { type: 'string', description: 'What would change (confirmation_required)' },
      },
    },
  },
};

const errorResponses = {
  400: { description: 'Invalid input; error.field names the field', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
  401: { description: 'No or invalid credentials', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
  403: { description: 'Forbidden', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
  404: { description: 'Not found', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
  409: { description: 'Ambiguous reference (error.candidates), a conflict, or confirmation required (error.summary)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
};

function strip(schema: Schema): Schema {
  const { $schema: _s, ...rest } = schema;
  return rest;
}

function withoutFields(schema: Schema, fields: string[]): Schema {
  if (!schema.properties || fields.length === 0) return strip(schema);
  const properties = Object.fromEntries(Object.entries(schema.properties).filter(([k]) => !fields.includes(k)));
  const required = schema.required?.filter((r) => !fields.includes(r));
  return { ...strip(schema), properties, ...(required ? { required } : {}) };
}

function operation(route: RouteDef, tool: AnyTool) {
  const { input, output } = toolJsonSchemas(tool);
  const pathFields = Object.values(route.params ?? {});
  const parameters: unknown[] = Object.keys(route.params ?? {}).map((name) => ({
    name, in: 'path', required: true, schema: { type: 'string' },
    description: (input.properties as Record<string, Schema> | undefined)?.[route.params![name]]?.description,
  }));
  const inverse = Object.fromEntries(Object.entries(route.aliases ?? {}).map(([alias, field]) => [field, alias]));
  let requestBody: unknown;
  if (route.from === 'query') {
    for (const [field, schema] of Object.entries((input as Schema).properties ?? {})) {
      if (pathFields.includes(field)) continue;
      parameters.push({
        name: inverse[field] ?? field, in: 'query', required: ((input as Schema).required ?? []).includes(field),
        schema: strip(schema as Schema), description: (schema as Schema).description,
      });
    }
    if (tool.name === 'export_data') parameters.push({ name: 'format', in: 'query', schema: { type: 'string', enum: ['json', 'csv'] } });
  } else {
    requestBody = { required: true, content: { 'application/json': { schema: withoutFields(input as Schema, pathFields) } } };
  }
  return {
    operationId: `${route.method}_${route.path.replace(/[/:-]+/g, '_').replace(/^_|_$/g, '')}`,
    summary: route.summary,
    description: `Runs the \`${tool.name}\` tool. ${tool.description}`,
    tags: [route.tag],
    parameters,
    ...(requestBody ? { requestBody } : {}),
    responses: {
      [String(route.status ?? 200)]: { description: tool.title, content: { 'application/json': { schema: strip(output as Schema) } } },
      ...errorResponses,
    },
  };
}

/** OpenAPI 3.1 for the REST API, generated from the route table and the tools' zod schemas. */
export function openApiDocument(serverUrl?: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const tool = findTool(route.tool);
    if (!tool) continue;
    const path = `/api${openApiPath(route.path)}`;
    (paths[path] ??= {})[route.method] = operation(route, tool);
  }
  for (const tool of catalog) {
    const { input, output } = toolJsonSchemas(tool);
    paths[`/api/tools/${tool.name}`] = {
      post: {
        operationId: `tool_${tool.name}`,
        summary: tool.title,
        description: tool.description,
        tags: ['tools'],
        requestBody: { required: true, content: { 'application/json': { schema: strip(input as Schema) } } },
        responses: { 200: { description: tool.title, content: { 'application/json': { schema: strip(output as Schema) } } }, ...errorResponses },
      },
    };
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: { title: 'Kith API', version: '1', description: 'The Kith catalog of tools as REST resources. Authenticate with Authorization: Bearer <token>.' },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas: { Error: ErrorSchema },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  };
}
