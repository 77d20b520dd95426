// Writes examples/formats/paper.docx, a Word draft with Zotero and Mendeley citation fields and runs
// split as Word splits them: `node --import tsx examples/formats/makeDocx.ts`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeDocx } from '../../tests/docxWriter';

const RALLY = { title: 'Tens of thousands gathered in Stepanakert on November 1, 2022', 'citation-key': '000_473b4c7a88a0911c', issued: { 'date-parts': [[2022, 11, 1]] } };
const APPEAL = { title: 'Karabakh Armenians Appeal to Russia', issued: { 'date-parts': [[2022]] } };

const docx = makeDocx([
  ['Stepanakert rallies against concessions'],
  [],
  [
    '“Any statement of compromise made on behalf of the people of Artsakh is rejected,” State Minister Gurgen Nersisyan told the crowd ',
    { field: 'zotero', result: '(Azatutyun, 2022)', items: [{ id: 1, itemData: { id: 1, type: 'article-newspaper', ...RALLY } }] },
    '.',
  ],
  [
    'Moscow had deployed “3,000 peacekeeping troops in Karabakh” ',
    { field: 'mendeley', result: '(Azatutyun, 2022, p. 1)', items: [{ id: 'ITEM-1', itemData: { id: 'ITEM-1', type: 'article', ...APPEAL }, locator: '1', label: 'page' }] },
    '.',
  ],
]);
fs.writeFileSync(path.join(__dirname, 'paper.docx'), docx);
