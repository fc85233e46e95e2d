import { describe, expect, it } from 'vitest';
import { flavorOf, urlForFlavor } from '../../src/model/flavor.js';

describe('which API a URL speaks', () => {
  it('comes from the path', () => {
    expect(flavorOf('http://h:8080/apis/registry/v2')).toBe('apicurio-v2');
    expect(flavorOf('http://h:8080/apis/registry/v3/')).toBe('apicurio-v3');
    expect(flavorOf('http://h:8080/apis/ccompat/v7')).toBe('apicurio-ccompat');
    expect(flavorOf('https://u:p@h:8081')).toBe('confluent');
  });

  it('a declared flavor completes a server root, and is refused where the path names another API (both ways)', () => {
    expect(urlForFlavor('http://h:8080', 'apicurio-v3')).toBe('http://h:8080/apis/registry/v3');
    expect(urlForFlavor('http://h:8080/', 'apicurio-v2')).toBe('http://h:8080/apis/registry/v2');
    expect(urlForFlavor('http://h:8080', 'apicurio-ccompat')).toBe('http://h:8080/apis/ccompat/v7');
    expect(urlForFlavor('http://h:8080/apis/registry/v3', 'apicurio-v3')).toBe('http://h:8080/apis/registry/v3');
    expect(urlForFlavor('http://h:8081', 'confluent')).toBe('http://h:8081');
    // behind a gateway's prefix
    expect(urlForFlavor('https://gw/apicurio/', 'apicurio-v3')).toBe('https://gw/apicurio/apis/registry/v3');
    expect(() => urlForFlavor('http://h:8080/apis/registry/v2', 'apicurio-v3')).toThrow(
      "http://h:8080/apis/registry/v2: is Apicurio's v2 API (/apis/registry/v2), but --flavor " +
        "apicurio-v3 asks for Apicurio's v3 API (/apis/registry/v3)",
    );
    expect(() => urlForFlavor('http://h:8080/apis/registry/v3', 'apicurio-v2')).toThrow(
      "http://h:8080/apis/registry/v3: is Apicurio's v3 API (/apis/registry/v3), but --flavor " +
        "apicurio-v2 asks for Apicurio's v2 API (/apis/registry/v2)",
    );
    expect(() => urlForFlavor('http://h:8080/apis/ccompat/v7', 'confluent')).toThrow(
      "is Apicurio's ccompat API, but --flavor confluent asks for a Confluent-compatible API",
    );
  });
});
