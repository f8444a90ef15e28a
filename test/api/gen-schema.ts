/**
 * Generates `src/api/schema.generated.ts`, the field schema behind strict validation, from the `kubernetes-types`
 * declarations and `src/api/argo.ts`. Run: `npx tsx test/api/gen-schema.ts`. `test/api/schema.test.ts` fails when
 * the committed file is stale.
 *
 * Type codes: s string, n number, b boolean, q Quantity, is int-or-string, t time, any (anything), obj (any
 * object), []X array, {}X string map, anything else a named type. A leading `!` marks a required field.
 */
import ts from 'typescript';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const typesDir = path.dirname(require.resolve('kubernetes-types/package.json'));
const argoFile = path.join(root, 'src/api/argo.ts');

/** Kind roots: `apiVersion/kind` → [module, interface]. */
export const ROOTS: Record<string, [string, string]> = {
  'v1/Namespace': ['core/v1', 'Namespace'],
  'v1/Node': ['core/v1', 'Node'],
  'v1/Pod': ['core/v1', 'Pod'],
  'v1/Service': ['core/v1', 'Service'],
  'v1/ResourceQuota': ['core/v1', 'ResourceQuota'],
  'v1/LimitRange': ['core/v1', 'LimitRange'],
  'v1/ServiceAccount': ['core/v1', 'ServiceAccount'],
  'v1/ConfigMap': ['core/v1', 'ConfigMap'],
  'v1/Secret': ['core/v1', 'Secret'],
  'v1/PersistentVolumeClaim': ['core/v1', 'PersistentVolumeClaim'],
  'apps/v1/Deployment': ['apps/v1', 'Deployment'],
  'apps/v1/ReplicaSet': ['apps/v1', 'ReplicaSet'],
  'apps/v1/StatefulSet': ['apps/v1', 'StatefulSet'],
  'apps/v1/DaemonSet': ['apps/v1', 'DaemonSet'],
  'autoscaling/v2/HorizontalPodAutoscaler': ['autoscaling/v2', 'HorizontalPodAutoscaler'],
  'autoscaling/v1/HorizontalPodAutoscaler': ['autoscaling/v1', 'HorizontalPodAutoscaler'],
  'policy/v1/PodDisruptionBudget': ['policy/v1', 'PodDisruptionBudget'],
  'scheduling.k8s.io/v1/PriorityClass': ['scheduling/v1', 'PriorityClass'],
  'networking.k8s.io/v1/Ingress': ['networking/v1', 'Ingress'],
  'networking.k8s.io/v1/NetworkPolicy': ['networking/v1', 'NetworkPolicy'],
  'batch/v1/Job': ['batch/v1', 'Job'],
  'batch/v1/CronJob': ['batch/v1', 'CronJob'],
  'rbac.authorization.k8s.io/v1/Role': ['rbac/v1', 'Role'],
  'rbac.authorization.k8s.io/v1/RoleBinding': ['rbac/v1', 'RoleBinding'],
  'rbac.authorization.k8s.io/v1/ClusterRole': ['rbac/v1', 'ClusterRole'],
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': ['rbac/v1', 'ClusterRoleBinding'],
  'argoproj.io/v1alpha1/Rollout': ['argo', 'Rollout'],
  'argoproj.io/v1alpha1/AnalysisTemplate': ['argo', 'AnalysisTemplate'],
};

function moduleFile(mod: string): string {
  return mod === 'argo' ? argoFile : path.join(typesDir, `${mod}.d.ts`);
}

function moduleOf(file: string): string {
  if (path.resolve(file) === argoFile) return 'argo';
  return path.relative(typesDir, file).replace(/\.d\.ts$/, '').split(path.sep).join('/');
}

export function generate(): string {
  const files = [...new Set(Object.values(ROOTS).map(([m]) => moduleFile(m)))];
  const program = ts.createProgram(files, { strict: true, skipLibCheck: true, allowImportingTsExtensions: true, noEmit: true });
  const checker = program.getTypeChecker();
  const out: Record<string, Record<string, string>> = {};
  const queue: [string, readonly ts.TypeElement[]][] = [];

  const findInterface = (mod: string, name: string): ts.InterfaceDeclaration => {
    const sf = program.getSourceFile(moduleFile(mod));
    if (!sf) throw new Error(`no source for ${mod}`);
    for (const st of sf.statements) if (ts.isInterfaceDeclaration(st) && st.name.text === name) return st;
    throw new Error(`no interface ${mod}.${name}`);
  };

  const enqueueInterface = (decl: ts.InterfaceDeclaration): string => {
    const key = `${moduleOf(decl.getSourceFile().fileName)}.${decl.name.text}`;
    if (!(key in out)) {
      out[key] = {};
      const type = checker.getTypeAtLocation(decl);
      const members = checker
        .getPropertiesOfType(type)
        .map((p) => p.declarations?.[0])
        .filter((d): d is ts.PropertySignature => d !== undefined && ts.isPropertySignature(d));
      queue.push([key, members]);
    }
    return key;
  };

  const convert = (node: ts.TypeNode | undefined, ctx: string): string => {
    if (!node) return 'any';
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return 's';
      case ts.SyntaxKind.NumberKeyword:
        return 'n';
      case ts.SyntaxKind.BooleanKeyword:
        return 'b';
      case ts.SyntaxKind.UnknownKeyword:
      case ts.SyntaxKind.AnyKeyword:
        return 'any';
    }
    if (ts.isLiteralTypeNode(node)) return 's';
    if (ts.isParenthesizedTypeNode(node)) return convert(node.type, ctx);
    if (ts.isUnionTypeNode(node)) {
      const parts = node.types.map((t) => convert(t, ctx)).sort();
      if (parts.join('|') === 'n|s') return 'is';
      if (parts.every((p) => p === 's')) return 's';
      return 'any';
    }
    if (ts.isArrayTypeNode(node)) return `[]${convert(node.elementType, ctx)}`;
    if (ts.isTypeLiteralNode(node)) {
      const index = node.members.find(ts.isIndexSignatureDeclaration);
      if (index) return `{}${convert(index.type, ctx)}`;
      out[ctx] = {};
      queue.push([ctx, node.members]);
      return ctx;
    }
    if (ts.isTypeReferenceNode(node)) {
      const name = node.typeName.getText();
      const args = node.typeArguments ?? [];
      if (name === 'Array') return `[]${convert(args[0], ctx)}`;
      if (name === 'Record') return `{}${convert(args[1], ctx)}`;
      if (name === 'Quantity') return 'q';
      if (name === 'Time' || name === 'MicroTime') return 't';
      if (name === 'OpaqueObject') return 'obj';
      if (name === 'RawExtension' || name === 'FieldsV1' || name === 'JSON') return 'any';
      let sym = checker.getSymbolAtLocation(node.typeName);
      if (sym && sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
      const decl = sym?.declarations?.[0];
      if (decl && ts.isInterfaceDeclaration(decl)) return enqueueInterface(decl);
      if (decl && ts.isTypeAliasDeclaration(decl)) return convert(decl.type, ctx);
    }
    return 'any';
  };

  const roots: Record<string, string> = {};
  for (const [gvk, [mod, name]] of Object.entries(ROOTS)) roots[gvk] = enqueueInterface(findInterface(mod, name));
  while (queue.length > 0) {
    const [key, members] = queue.shift() as [string, readonly ts.TypeElement[]];
    const fields = out[key] as Record<string, string>;
    for (const m of members) {
      if (!ts.isPropertySignature(m)) continue;
      const field = m.name.getText().replace(/^["']|["']$/g, '');
      const required = m.questionToken === undefined;
      fields[field] = `${required ? '!' : ''}${convert(m.type, `${key}.${field}`)}`;
    }
  }
  const sortedTypes = Object.fromEntries(Object.keys(out).sort().map((k) => [k, Object.fromEntries(Object.entries(out[k] as Record<string, string>).sort())]));
  return [
    '// Generated by test/api/gen-schema.ts from kubernetes-types and src/api/argo.ts. Do not edit by hand.',
    '/* eslint-disable */',
    '',
    '/** Field schema per type: field name → type code (see test/api/gen-schema.ts). */',
    `export const SCHEMA_TYPES: Readonly<Record<string, Readonly<Record<string, string>>>> = ${JSON.stringify(sortedTypes)};`,
    '',
    '/** Root type of each `apiVersion/kind`. */',
    `export const SCHEMA_ROOTS: Readonly<Record<string, string>> = ${JSON.stringify(roots, null, 2)};`,
    '',
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(path.join(root, 'src/api/schema.generated.ts'), generate());
}
