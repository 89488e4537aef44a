import { z } from 'zod';
import { configSchema } from './schema.js';

interface JsonSchema {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
}

/** The README's configuration table, generated from the zod schema so the two cannot disagree (`npm run docs`). */
export function renderConfigTable(): string {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const rows = ['| key | type | default | what it is |', '|---|---|---|---|'];
  walk(schema, '', rows);
  return rows.join('\n');
}

function walk(schema: JsonSchema, prefix: string, rows: string[]): void {
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    const path = `${prefix}${key}`;
    const required = schema.required?.includes(key) && property.default === undefined;
    const description = property.description ?? property.items?.description ?? '';
    const cell = (text: string) => text.replace(/\|/g, '\\|');
    rows.push(
      `| \`${path}\` | ${cell(typeName(property))}${required ? ' (required)' : ''} | ${cell(defaultValue(property))} | ${cell(description)} |`,
    );
    if (property.type === 'object' && property.properties) walk(property, `${path}.`, rows);
    else if (property.type === 'array' && property.items?.properties) walk(property.items, `${path}[].`, rows);
    else if (typeof property.additionalProperties === 'object' && property.additionalProperties.properties)
      walk(property.additionalProperties, `${path}.<name>.`, rows);
  }
}

function typeName(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((v) => `\`${String(v)}\``).join(' | ');
  if (schema.type === 'array')
    return schema.items?.type === 'object' ? 'list' : `list of ${typeName(schema.items ?? {})}`;
  if (schema.type === 'object')
    return schema.additionalProperties && schema.additionalProperties !== true && !schema.properties
      ? 'map'
      : 'section';
  if (schema.type === 'integer' || schema.type === 'number') {
    const low = schema.minimum ?? schema.exclusiveMinimum;
    const high = schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER ? schema.maximum : undefined;
    const range = low === undefined ? '' : high === undefined ? ` ≥ ${low}` : ` ${low}–${high}`;
    return `${schema.type === 'integer' ? 'whole number' : 'number'}${range}`;
  }
  return schema.type ?? 'any';
}

function defaultValue(schema: JsonSchema): string {
  if (schema.default === undefined) return '';
  if (Array.isArray(schema.default) && schema.default.length === 0) return '';
  if (typeof schema.default === 'object' && !Array.isArray(schema.default)) return '';
  return `\`${JSON.stringify(schema.default).replace(/"/g, '')}\``;
}
