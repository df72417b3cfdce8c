import type { ProblemList } from './problems.ts';

/** The subset of a CRD's OpenAPI v3 schema that checkAgainstSchema understands. */
export interface OpenApiSchema {
  type?: string;
  properties?: Readonly<Record<string, OpenApiSchema>>;
  required?: readonly string[];
  additionalProperties?: OpenApiSchema | boolean;
  items?: OpenApiSchema;
  enum?: readonly unknown[];
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  'x-kubernetes-list-type'?: string;
}

export interface SchemaCheckOptions {
  /**
   * Generic paths (`spec.sleep[].start`) whose pattern and format another check reports with a
   * better message; here they are only type-checked.
   */
  checkedElsewhere: ReadonlySet<string>;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `spec.sleep[2].start` -> `spec.sleep[].start` */
function genericPath(path: string): string {
  return path.replace(/\[\d+\]/g, '[]');
}

/** `Go regexp` inline flags are not JavaScript: `(?i)` at the start becomes the `i` flag. */
function compilePattern(pattern: string): RegExp {
  return pattern.startsWith('(?i)') ? new RegExp(pattern.slice(4), 'i') : new RegExp(pattern);
}

function checkString(
  value: string,
  schema: OpenApiSchema,
  path: string,
  problems: ProblemList,
  options: SchemaCheckOptions,
): void {
  if (schema.enum !== undefined && !schema.enum.includes(value)) {
    problems.add(path, `"${value}" is not one of: ${schema.enum.join(', ')}`);
  }
  if (schema.maxLength !== undefined && value.length > schema.maxLength) {
    problems.add(path, `is longer than ${schema.maxLength} characters`);
  }
  if (schema.minLength !== undefined && value.length < schema.minLength) {
    problems.add(path, `must not be empty`);
  }
  if (options.checkedElsewhere.has(genericPath(path))) return;
  if (schema.pattern !== undefined && !compilePattern(schema.pattern).test(value)) {
    problems.add(path, `"${value}" does not match ${schema.pattern}`);
  }
}

function checkNumber(value: number, schema: OpenApiSchema, path: string, problems: ProblemList) {
  if (schema.minimum !== undefined && value < schema.minimum) {
    problems.add(path, `must be at least ${schema.minimum}`);
  }
  if (schema.maximum !== undefined && value > schema.maximum) {
    problems.add(path, `must be at most ${schema.maximum}`);
  }
}

function checkArray(
  value: unknown[],
  schema: OpenApiSchema,
  path: string,
  problems: ProblemList,
  options: SchemaCheckOptions,
): void {
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    problems.add(path, `must have at least ${schema.minItems} item(s)`);
  }
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    problems.add(path, `must have at most ${schema.maxItems} items`);
  }
  if (schema['x-kubernetes-list-type'] === 'set') {
    const seen = new Set<string>();
    value.forEach((item, index) => {
      const key = JSON.stringify(item);
      if (seen.has(key)) problems.add(`${path}[${index}]`, `duplicate value ${key}`);
      seen.add(key);
    });
  }
  if (schema.items !== undefined) {
    const items = schema.items;
    value.forEach((item, index) => {
      checkAgainstSchema(item, items, `${path}[${index}]`, problems, options);
    });
  }
}

function checkObject(
  value: Record<string, unknown>,
  schema: OpenApiSchema,
  path: string,
  problems: ProblemList,
  options: SchemaCheckOptions,
): void {
  for (const key of schema.required ?? []) {
    if (value[key] === undefined) problems.add(`${path}.${key}`, 'is required');
  }

  const freeForm = schema.properties === undefined && schema.additionalProperties === undefined;
  for (const [key, child] of Object.entries(value)) {
    const childSchema = schema.properties?.[key] ?? schema.additionalProperties;
    if (childSchema === undefined || childSchema === false) {
      if (!freeForm) problems.add(`${path}.${key}`, 'unknown field');
    } else if (childSchema !== true) {
      checkAgainstSchema(child, childSchema, `${path}.${key}`, problems, options);
    }
  }
}

const typeNames: Readonly<Record<string, string>> = {
  object: 'an object',
  array: 'a list',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
};

/**
 * Checks a value against a CRD schema the way the API server would before CEL rules run: types,
 * required and unknown fields, enums, patterns, bounds, and duplicates in `set` lists. Every
 * problem is added, with its path.
 */
export function checkAgainstSchema(
  value: unknown,
  schema: OpenApiSchema,
  path: string,
  problems: ProblemList,
  options: SchemaCheckOptions,
): void {
  if (value === undefined || value === null) return;

  const type = schema.type;
  if (type === 'object' && isRecord(value)) {
    checkObject(value, schema, path, problems, options);
  } else if (type === 'array' && Array.isArray(value)) {
    checkArray(value, schema, path, problems, options);
  } else if (type === 'string' && typeof value === 'string') {
    checkString(value, schema, path, problems, options);
  } else if (type === 'integer' && Number.isInteger(value)) {
    checkNumber(value as number, schema, path, problems);
  } else if (type === 'number' && typeof value === 'number' && Number.isFinite(value)) {
    checkNumber(value, schema, path, problems);
  } else if (type === 'boolean' && typeof value === 'boolean') {
    return;
  } else if (type !== undefined) {
    problems.add(path, `must be ${typeNames[type] ?? type}`);
  }
}
