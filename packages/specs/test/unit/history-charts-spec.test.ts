// The bundled History and Charts documents: every example (of responses in every media type, of
// parameters, shared ones through their $ref, and of component schemas) validates against its schema,
// as trading-spec.test.ts checks for Trading.
import { exampleSuite } from "../examples.js";

exampleSuite("history");
exampleSuite("charts");
