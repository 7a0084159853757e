/**
 * Sesame answers in the documented forms (CDS Sesame, `nph-sesame/-oxpI/SNV?name` and `-oI/SNV?name`),
 * replayed by the tests' local HTTP server.
 */

/** XML, Simbad answers with identifiers (`-oxpI`). */
export const XML_VEGA = `<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" href="http://vizier.cds.unistra.fr/viz-bin/Sesame.xsl"?>
<Sesame xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="http://vizier.cds.unistra.fr/viz-bin/Sesame.xsd">
<Target option="SNV">
  <name>Vega</name>
  <!-- Q1234567 #1 -->
  <Resolver name="S=Simbad (via url)">
    <INFO>from cache</INFO>
    <oid>2191059</oid>
    <otype>dS*</otype>
    <jpos>18:36:56.33 +38:47:01.2</jpos>
    <jradeg>279.23473479</jradeg>
    <jdedeg>+38.78368896</jdedeg>
    <refPos>2007A&amp;A...474..653V</refPos>
    <errRAmas>0.46</errRAmas><errDEmas>0.36</errDEmas>
    <oname>* alf Lyr</oname>
    <alias>* alf Lyr</alias>
    <alias>*   3 Lyr</alias>
    <alias>HD 172167</alias>
    <alias>HIP 91262</alias>
    <alias>NAME Vega</alias>
  </Resolver>
</Target>
</Sesame>
`;

/** XML where Simbad knows nothing and NED answers (`<Resolver>` order is the query order). */
export const XML_NED_ONLY = `<?xml version="1.0" encoding="UTF-8"?>
<Sesame>
<Target option="SNV">
  <name>2MASX J00000000+0000000</name>
  <Resolver name="S=Simbad (via url)"><INFO>*** Nothing found ***</INFO></Resolver>
  <Resolver name="N=NED (local)">
    <otype>G</otype>
    <jradeg>359.99999</jradeg>
    <jdedeg>-0.00001</jdedeg>
    <oname>2MASX J00000000+0000000</oname>
  </Resolver>
</Target>
</Sesame>
`;

/** XML when no resolver knows the name. */
export const XML_NOTHING = `<?xml version="1.0" encoding="UTF-8"?>
<Sesame xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<Target option="SNV">
  <name>Zorblax</name>
  <INFO>*** Nothing found *** </INFO>
</Target>
</Sesame>
`;

/** Text, Simbad with identifiers (`-oI`): `%J` position, `%I.0` main id, `%I` aliases. */
export const TEXT_NGC3642 = `# NGC 3642\t#Q22523669
#=S=Simbad (via url):    1
%@ 503952
%I.0 NGC  3642
%C.0 LIN
%J 170.5750583 +59.0742417 = 11:22:18.01 +59:04:27.2
%V z 1593 0.005327 [0.000060] D 2002LEDA.........0P
%I UGC 6385
%I PGC 34889

#====Done (2013-Feb-12,16:37:11z)====
`;

/** Text, VizieR only: braces around the catalogue acronym. */
export const TEXT_VIZIER = `# NGC 3642\t#Q22523677
#=V=VizieR (local):    1
%J 170.56 +59.08 = 11:22.2     +59:05
%I.0 {NGC} 3642

#====Done (2013-Feb-12,16:37:42z)====
`;

/** Text when no resolver knows the name. */
export const TEXT_NOTHING = `# Zorblax\t#Q22523700
#! *** Nothing found *** 

#====Done (2013-Feb-12,16:38:00z)====
`;
