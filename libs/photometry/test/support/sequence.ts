// The generated sequence moved to @panoptes/testing, where the explorer's and the CLI's tests use it too.
export { generateSequence, type SequenceTruth, TEST_PHOTOMETRY } from "@panoptes/testing";
