// Run only by test/harness/skip-accounting.test.ts (in a child jest), never by the projects' testMatch:
// one plain test and two that need ../shared, through the shared helper.
// Imported by path, not through @panoptes/testing, so the child jest loads little.
import { describeShared, testShared } from "../../../libs/testing/src/shared";

it("runs everywhere", () => expect(1 + 1).toBe(2));

describeShared("sample reason: real files", "a block that needs ../shared", () => {
  it("passes when the folder exists", () => expect(true).toBe(true));
});

testShared("sample reason: one real file", "a test that needs ../shared/sample.txt", () => undefined, {
  sub: ["sample.txt"],
});
