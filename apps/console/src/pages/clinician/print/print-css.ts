/**
 * The sheet on screen (an A4 page on the grey desk) and on paper: A4 with hospital margins,
 * and none of the console around it (header, menu, banners, pop-ups, the page's own buttons).
 */
export const PRINT_CSS = `
.cmc-desk { background: #eef1f5; padding: 16px 0; overflow-x: auto; }
.cmc-sheet { box-sizing: border-box; width: 210mm; min-height: 297mm; margin: 0 auto; padding: 15mm 16mm;
  background: #fff; color: #000; box-shadow: 0 0 8px rgba(0,0,0,.18);
  font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif; font-size: 11pt; }
.cmc-sheet-head { text-align: center; border-bottom: 2px solid #000; padding-bottom: 8px; margin-bottom: 12px; }
.cmc-hospital { font-size: 20pt; font-weight: 700; letter-spacing: 2px; }
.cmc-title { font-size: 15pt; margin-top: 4px; }
.cmc-sub { font-size: 10pt; margin-top: 4px; color: #222; }
.cmc-grid { width: 100%; border-collapse: collapse; margin-bottom: 12px; }
.cmc-grid th, .cmc-grid td { border: 1px solid #888; padding: 4px 6px; text-align: left; font-size: 10.5pt; vertical-align: top; }
.cmc-grid th { background: #f2f2f2; white-space: nowrap; font-weight: 600; width: 11%; }
.cmc-section h3 { font-size: 12pt; margin: 14px 0 6px; border-left: 4px solid #000; padding-left: 6px; }
.cmc-text { white-space: pre-wrap; line-height: 1.9; margin: 0; min-height: 3em; }
.cmc-impression { font-weight: 600; }
.cmc-sign { margin-top: 28px; border-top: 1px solid #000; padding-top: 8px; display: grid; grid-template-columns: 1fr 1fr; gap: 6px; }
.cmc-time { margin-left: 12px; color: #222; white-space: nowrap; }
.cmc-note { grid-column: 1 / -1; font-size: 9pt; color: #444; margin-top: 8px; }
@page { size: A4; margin: 14mm 15mm; }
@media print {
  /* The shell's chrome by name, and (where :has is known) everything that neither holds the
     sheet nor is in it: banners, pop-ups and this page's buttons, whatever the shell grows. */
  .ant-layout-header, .ant-layout-sider, .ant-notification, .ant-message, .cmc-no-print { display: none !important; }
  body :not(:has(.cmc-sheet)):not(.cmc-sheet):not(.cmc-sheet *) { display: none !important; }
  html, body, :has(.cmc-sheet) { background: #fff !important; padding: 0 !important;
    margin: 0 !important; min-height: 0 !important; overflow: visible !important; box-shadow: none !important; }
  .cmc-sheet { box-shadow: none; width: auto; min-height: 0; padding: 0; margin: 0; }
  .cmc-grid th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .cmc-section, .cmc-sign { break-inside: avoid; }
}
`;
