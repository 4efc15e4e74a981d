// The one file this template renders: tables.ts, the part of <surface>.gen.ts after the payload types
// (aliases, unions, tables). The generator hands the parsed document (`asyncapi`, @asyncapi/parser's
// model) and `originalAsyncAPI` (the text it read); the typed emitters in packages/codegen/dist do the
// work, so the logic stays typed and tested. (The generator's rollup step inlines them into the
// transpiled copy on every run, so the copy is never stale.)
import { File, Text } from "@asyncapi/generator-react-sdk";
import { renderTables } from "../../dist/asyncapi/template-entry.js";

export default function Tables({ asyncapi, originalAsyncAPI, params }) {
  return (
    <File name="tables.ts">
      <Text newLines={0}>{renderTables(asyncapi, originalAsyncAPI, params.emitter)}</Text>
    </File>
  );
}
