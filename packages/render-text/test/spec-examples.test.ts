import { describe, expect, it } from 'vitest';
import { textOcci, textPlain } from '../src/index.js';
import { BASE, coreModel, fixture, headerBlock } from './helpers.js';

const context = { model: coreModel, baseUrl: BASE };

/** What both examples of GFD.229 (§6.1, §7.1) describe. */
const dummyVm = {
  kind: 'http://schemas.ogf.org/occi/infrastructure#compute',
  mixins: [],
  id: 'urn:uuid:b9ff813e-fee5-4a9d-b839-673f39746096',
  title: 'My Dummy VM',
  attributes: {
    'occi.compute.architecture': 'x86',
    'occi.compute.state': 'inactive',
    // Spec README erratum 5: speed is read like any attribute; refusing it is the provider's job.
    'occi.compute.speed': 1.33,
    'occi.compute.memory': 2,
    'occi.compute.cores': 2,
    'occi.compute.hostname': 'dummy',
  },
};

describe('GFD.229 §6.1 text/plain example', () => {
  it('parses as printed (continuations, missing ";" between scheme and class, trailing ";")', () => {
    const draft = textPlain.parseEntity({ headers: {}, body: fixture('spec-6.1-text-plain.txt') }, context);
    expect(draft).toEqual(dummyVm);
    // The action link describes what the server offers and is not part of the draft.
    expect(draft.links).toBeUndefined();
  });

  it('parses with CRLF line ends', () => {
    const body = fixture('spec-6.1-text-plain.txt').replace(/\n/g, '\r\n');
    expect(textPlain.parseEntity({ headers: {}, body }, context)).toEqual(dummyVm);
  });

  it('is rendered back canonically', () => {
    const entity = {
      ...dummyVm,
      location: '/users/foo/compute/b9ff813e-fee5-4a9d-b839-673f39746096',
      actions: ['http://schemas.ogf.org/occi/infrastructure/compute/action#start'],
    };
    expect(textPlain.renderEntity(entity, context).body).toBe(
      [
        'Category: compute; scheme="http://schemas.ogf.org/occi/infrastructure#"; class="kind"',
        'Link: </users/foo/compute/b9ff813e-fee5-4a9d-b839-673f39746096?action=start>; rel="http://schemas.ogf.org/occi/infrastructure/compute/action#start"',
        'X-OCCI-Attribute: occi.core.id="urn:uuid:b9ff813e-fee5-4a9d-b839-673f39746096"',
        'X-OCCI-Attribute: occi.core.title="My Dummy VM"',
        'X-OCCI-Attribute: occi.compute.architecture="x86"',
        'X-OCCI-Attribute: occi.compute.state="inactive"',
        'X-OCCI-Attribute: occi.compute.speed=1.33',
        'X-OCCI-Attribute: occi.compute.memory=2',
        'X-OCCI-Attribute: occi.compute.cores=2',
        'X-OCCI-Attribute: occi.compute.hostname="dummy"',
        '',
      ].join('\r\n'),
    );
  });
});

describe('GFD.229 §7.1 text/occi example', () => {
  const [head, body] = fixture('spec-7.1-text-occi.txt').split('\n\n');

  it('parses the header block as printed (folded lines keep their backslashes)', () => {
    const headers = headerBlock(head!);
    expect(headers['x-occi-attribute']).toContain('\\ occi.core.title="My Dummy VM"');
    expect(body!.trim()).toBe('OK');
    expect(textOcci.parseEntity({ headers, body: body! }, context)).toEqual(dummyVm);
  });

  it('parses the same fields with the continuations removed', () => {
    const headers = headerBlock(head!.replace(/ \\\n/g, '\n'));
    expect(textOcci.parseEntity({ headers, body: 'OK' }, context)).toEqual(dummyVm);
  });

  it('is rendered back as one field per name with comma-separated values and body OK', () => {
    const entity = {
      ...dummyVm,
      location: '/users/foo/compute/b9ff813e-fee5-4a9d-b839-673f39746096',
      actions: ['http://schemas.ogf.org/occi/infrastructure/compute/action#start'],
    };
    expect(textOcci.renderEntity(entity, context)).toEqual({
      headers: {
        category: 'compute; scheme="http://schemas.ogf.org/occi/infrastructure#"; class="kind"',
        link: '</users/foo/compute/b9ff813e-fee5-4a9d-b839-673f39746096?action=start>; rel="http://schemas.ogf.org/occi/infrastructure/compute/action#start"',
        'x-occi-attribute':
          'occi.core.id="urn:uuid:b9ff813e-fee5-4a9d-b839-673f39746096", occi.core.title="My Dummy VM", ' +
          'occi.compute.architecture="x86", occi.compute.state="inactive", occi.compute.speed=1.33, ' +
          'occi.compute.memory=2, occi.compute.cores=2, occi.compute.hostname="dummy"',
      },
      body: 'OK',
    });
  });
});
