"""A document title -> its XMP metadata stream: the title (dc:title) and the PDF/UA-1
identification (pdfuaid:part) that PDF/UA requires, uncompressed so any tool can read it."""

from __future__ import annotations

from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream

_PACKET = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<xmp:CreatorTool>handouts</xmp:CreatorTool>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def xml_escaped(text: str) -> str:
    """``text`` safe inside XML (and reportlab's paragraph markup). Not xml.sax.saxutils,
    which imports urllib, http.client and ssl into every worker for three replacements."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xmp_packet(title: str) -> bytes:
    """The XMP packet naming ``title`` and PDF/UA-1."""
    return _PACKET.format(title=xml_escaped(title)).encode("utf-8")


def xmp_metadata(title: str) -> PDFStream:
    """The catalog's /Metadata stream for ``title`` (never compressed)."""
    return PDFStream(
        dictionary=PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
        content=xmp_packet(title),
        filters=None,
    )
