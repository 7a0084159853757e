import { Storage } from "@google-cloud/storage";
import { writeTestCr2 } from "@panoptes/demo";
import { bufferByteSource, headerToMap, readHeader } from "@panoptes/fits";
import { COLLECTIONS } from "@panoptes/models";
import { firebaseApp, firestoreFor } from "@panoptes/platform";
import { requireEmulators, TEST_PROJECT_ID, uniqueSuffix, waitFor } from "@panoptes/testing";

const RAW = "panoptes-raw-images";
const RGB = "panoptes-rgb-images";

describe("CR2 upload → raw-file-uploaded → make-rgb-fits in the Functions emulator", () => {
  beforeAll(() => requireEmulators("storage", "pubsub", "firestore", "functions"));

  it("puts the four products in the RGB bucket and their paths on the image document", async () => {
    const camera = uniqueSuffix().slice(0, 6);
    const stem = `PAN001/${camera}/20240315T060000/20240315T060130`;
    const pixels = new Uint16Array(64 * 40).map((_, i) => 2048 + ((i * 7919) % 9000));
    const cr2 = writeTestCr2({ width: 64, height: 40, bits: 14, components: 2, slices: [1, 32, 32], pixels });
    const storage = new Storage({ projectId: TEST_PROJECT_ID });
    await storage.bucket(RAW).file(`${stem}.cr2`).save(Buffer.from(cr2), { resumable: false });
    const db = firestoreFor(firebaseApp(TEST_PROJECT_ID));
    const ref = db.collection(COLLECTIONS.images).doc(`PAN001_${camera}_20240315T060130`);
    const image = await waitFor(
      async () => {
        const d = (await ref.get()).data();
        return d?.products ? d : undefined;
      },
      60000,
      "products on the image document",
    );
    expect(image).toMatchObject({
      status: "received",
      counted: false,
      products: {
        bayer: `${stem}.fits`,
        r: `${stem}_r.fits`,
        g: `${stem}_g.fits`,
        b: `${stem}_b.fits`,
        interpolation: "bilinear",
      },
    });
    for (const suffix of ["", "_r", "_g", "_b"]) {
      const [bytes] = await storage.bucket(RGB).file(`${stem}${suffix}.fits`).download();
      const header = headerToMap((await readHeader(bufferByteSource(bytes))).header.cards);
      expect(header).toMatchObject({ NAXIS1: 64, NAXIS2: 40, IMAGEID: `PAN001_${camera}_20240315T060130` });
    }
  }, 90000);
});
