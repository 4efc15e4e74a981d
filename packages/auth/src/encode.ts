// The one postData encoder lives in @kraken-futures/core (the HTTP pipeline encodes every query and
// body with it, and Charts must not need auth for that); re-exported so auth's API is unchanged.
export {
  encodePostData,
  type PostDataInput,
  type PostDataScalar,
  type PostDataValue,
  percentEncode,
} from "@kraken-futures/core/encode";
