/** Validation of the mesh kinds (src/api/mesh.ts) through the manifest loader: every error with its path and line. */
import { describe, expect, it } from 'vitest';
import { formatFieldError } from '../../src/api/errors.ts';
import { loadManifests } from '../../src/api/load.ts';

function errors(yaml: string): string[] {
  return loadManifests([{ file: 'm.yaml', text: yaml }]).errors.map(formatFieldError);
}

describe('mesh validation', () => {
  it('VirtualService: hosts, StringMatch, weights, durations, retryOn', () => {
    expect(
      errors(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: bad}
spec:
  hosts: []
  http:
  - match: [{uri: {exact: /a, prefix: /b}}]
    route: [{destination: {host: x}, weight: -1}]
    timeout: 0s
    retries: {attempts: 3, perTryTimeout: 2x, retryOn: "5xx,bogus,503"}
  - match: [{uri: {prefix: /}}]
`),
    ).toEqual([
      'm.yaml:5:3: spec.hosts: Required value: virtual service must have at least one host',
      'm.yaml:7:14: spec.http[0].match[0].uri: Invalid value: {"exact":"/a","prefix":"/b"}: must set exactly one of exact, prefix or regex',
      'm.yaml:8:38: spec.http[0].route[0].weight: Invalid value: -1: weight must be a non-negative integer',
      'm.yaml:9:5: spec.http[0].timeout: Invalid value: "0s": duration must be at least 1ms',
      'm.yaml:10:28: spec.http[0].retries.perTryTimeout: Invalid value: "2x": expected a Go duration such as "1h30m", "15s" or "250ms" (units h, m, s, ms, us, ns)',
      expect.stringMatching(/^m\.yaml:10:47: spec\.http\[0\]\.retries\.retryOn: Unsupported value: "bogus": supported values: "5xx", /),
      'm.yaml:11:5: spec.http[1].route: Required value: HTTP route or redirect is required',
    ]);
  });

  it('DestinationRule: host, subsets, load balancer, outlier detection', () => {
    expect(
      errors(`apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata: {name: bad}
spec:
  trafficPolicy:
    loadBalancer: {simple: FASTEST}
    outlierDetection: {maxEjectionPercent: 150, interval: soon}
  subsets: [{name: a}, {name: a}]
`),
    ).toEqual([
      'm.yaml:4:1: spec.host: Required value',
      expect.stringMatching(/^m\.yaml:6:20: spec\.trafficPolicy\.loadBalancer\.simple: Unsupported value: "FASTEST": supported values: "UNSPECIFIED", /),
      'm.yaml:7:24: spec.trafficPolicy.outlierDetection.maxEjectionPercent: Invalid value: 150: must be an integer between 0 and 100',
      expect.stringMatching(/^m\.yaml:7:49: spec\.trafficPolicy\.outlierDetection\.interval: Invalid value: "soon": /),
      'm.yaml:8:25: spec.subsets[1].name: Duplicate value: "a": duplicate subset names',
    ]);
  });

  it('HTTPRoute and Gateway: path types, absolute paths, timeouts, listeners', () => {
    expect(
      errors(`apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r}
spec:
  rules:
  - matches: [{path: {type: Prefix, value: a}}]
    timeouts: {request: 1s, backendRequest: 2s}
    backendRefs: [{name: web, weight: -2}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: g}
spec:
  listeners: [{name: http, port: 0, protocol: HTTP}]
`),
    ).toEqual([
      'm.yaml:6:23: spec.rules[0].matches[0].path.type: Unsupported value: "Prefix": supported values: "Exact", "PathPrefix", "RegularExpression"',
      "m.yaml:6:37: spec.rules[0].matches[0].path.value: Invalid value: \"a\": value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']",
      'm.yaml:7:5: spec.rules[0].timeouts: Invalid value: {"request":"1s","backendRequest":"2s"}: backendRequest timeout cannot be longer than request timeout',
      'm.yaml:8:31: spec.rules[0].backendRefs[0].weight: Invalid value: -2: must be an integer between 0 and 1000000',
      'm.yaml:13:1: spec.gatewayClassName: Required value',
      'm.yaml:14:28: spec.listeners[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
    ]);
  });
});
