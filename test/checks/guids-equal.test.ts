import { guidsEqual } from '../../src/checks/kinds/guids-equal.js';
import { schemaGuid } from '../../src/model/guid.js';
import { avro, checkTable, registry } from './table.js';

const text = avro('Order', 'id');
const reencoded = JSON.stringify(JSON.parse(text), null, 1); // the same schema, other bytes (as Karapace re-encodes)
const guid = schemaGuid({ schema: text });
const served = (schema: string, withGuid = true) =>
  registry({ 'orders-value': [{ schema, ...(withGuid ? { guid: schemaGuid({ schema }) } : {}) }] });

checkTable(guidsEqual, [
  { name: 'the same GUID served on both sides: nothing', source: served(text), target: served(text), findings: [] },
  {
    name: 'a source that serves no GUIDs: nothing, whatever the target (its clients cannot have written one)',
    source: served(text, false),
    target: served(reencoded, false),
    findings: [],
  },
  {
    name: 'a target that serves none',
    source: served(text),
    target: served(text, false),
    findings: [
      'error guid-not-served-by-target: the source answers a GUID for each schema and the target none (1 ' +
        'version(s) compared): records framed with header GUIDs do not resolve on the target',
    ],
  },
  {
    name: 'the same schema stored with other bytes: another GUID',
    source: served(text),
    target: served(reencoded),
    findings: [`error guid-differs: orders-value v1: GUID ${guid}, ${schemaGuid({ schema: reencoded })} on the target`],
  },
  {
    name: 'a target version without its GUID is judged by the one Confluent would compute',
    source: served(text),
    target: registry({
      'orders-value': [{ schema: text }, { schema: avro('Order', 'id', 'note') }],
      'users-value': [{ schema: avro('User'), guid: schemaGuid({ schema: avro('User') }) }],
    }),
    findings: [],
  },
]);
