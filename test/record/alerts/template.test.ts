import { describe, expect, it } from 'vitest';
import { compileTemplate, goFormatFloat, goFormatG } from '../../../src/record/alerts/template.ts';

const data = { labels: { instance: 'web-1', job: 'api', __name__: 'up' }, externalLabels: { cluster: 'prod' }, value: 0.12345 };

describe('rule templates', () => {
  it.each([
    ['Instance {{ $labels.instance }} down', 'Instance web-1 down'],
    ['{{ .Labels.job }}/{{$labels.instance}}', 'api/web-1'],
    ['{{ $value }}', '0.12345'],
    ['{{ $value | humanizePercentage }}', '12.35%'],
    ['{{ humanizePercentage $value }}', '12.35%'],
    ['{{ printf "%.2f" $value }}', '0.12'],
    ['{{ $externalLabels.cluster }}', 'prod'],
    ['{{ $labels.missing }}!', '!'],
    ['a {{- " b " -}} c', 'a b c'],
    ['{{/* a comment */}}x', 'x'],
    ['{{ $labels.job | toUpper }}', 'API'],
  ])('%s', (text, want) => {
    expect(compileTemplate(text)(data)).toBe(want);
  });

  // Prometheus template_test.go rows for humanize, humanize1024, humanizeDuration (inputs and outputs as upstream).
  it.each([
    ['{{ humanize 0 }}', '0'],
    ['{{ humanize 0.5 }}', '500m'],
    ['{{ humanize 1234567.0 }}', '1.235M'],
    ['{{ humanize 1000000000 }}', '1G'],
    ['{{ humanize 0.000001 }}', '1u'],
    ['{{ humanize1024 1024 }}', '1ki'],
    ['{{ humanize1024 1048576 }}', '1Mi'],
    ['{{ humanize1024 0.5 }}', '0.5'],
    ['{{ humanizeDuration 0 }}', '0s'],
    ['{{ humanizeDuration 1 }}', '1s'],
    ['{{ humanizeDuration 60 }}', '1m 0s'],
    ['{{ humanizeDuration 3600 }}', '1h 0m 0s'],
    ['{{ humanizeDuration 86400 }}', '1d 0h 0m 0s'],
    ['{{ humanizeDuration 86400.123 }}', '1d 0h 0m 0s'],
    ['{{ humanizeDuration 0.1 }}', '100ms'],
    ['{{ humanizeDuration 0.0001 }}', '100us'],
    ['{{ humanizeDuration 1.2345 }}', '1.234s'],
    ['{{ humanizePercentage 0.123 }}', '12.3%'],
  ])('%s = %s', (text, want) => {
    expect(compileTemplate(text)(data)).toBe(want);
  });

  it("formats floats as Go's %v and %g do", () => {
    expect([1, 0.5, 1e6, 1e21, 123456789, 1e-5, NaN, Infinity].map(goFormatFloat)).toEqual(['1', '0.5', '1e+06', '1e+21', '1.23456789e+08', '1e-05', 'NaN', '+Inf']);
    expect([goFormatG(1234567, 4), goFormatG(1.5, 4), goFormatG(0.0001234, 2)]).toEqual(['1.235e+06', '1.5', '0.00012']);
  });

  it('rejects what it does not know, at compile time', () => {
    expect(() => compileTemplate('{{ query "up" }}')).toThrow(/function "query" not defined/);
    expect(() => compileTemplate('{{ if $value }}x{{ end }}')).toThrow(/control structures and variables are not supported/);
    expect(() => compileTemplate('{{ $foo }}')).toThrow(/undefined variable or field "\$foo"/);
    expect(() => compileTemplate('{{ humanize }}')).toThrow(/wrong number of args for humanize: want 1 got 0/);
  });
});
