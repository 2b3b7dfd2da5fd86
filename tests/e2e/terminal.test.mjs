// terminal.test.mjs: the Terminal section in headless Chromium: with the lab stack deployed, commands typed into
// Terminal/Input (Enter runs, Tab completes, Up recalls) and their output read back through Terminal/Copy output
// (clipboard), checked against what the lab's API answers for the same questions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { RESULTS, clickWidget, deployLabStack, openLab, sleep, startBrowser, waitForWidgets } from './lab_page.mjs';

let env;
before(async () => { env = await startBrowser(); });
after(async () => { await env?.close(); });

const STREAM = 'ie-tech-mba-stream';

// Clicks the terminal input, types a command line and presses Enter. (The input refocuses itself after Enter, but
// on a loaded machine a key can beat that frame; the click makes the test independent of frame timing.)
async function run(page, line) {
  await clickWidget(page, 'Terminal/Input');
  await page.keyboard.type(line, { delay: 8 });
  await sleep(200);
  await page.keyboard.press('Enter');
  await sleep(500);
}

// Clicks Terminal/Copy output until the clipboard holds a scrollback that ends with `tail` (the page may still be
// drawing the last command when the click comes), and returns it.
async function copiedOutput(page, tail) {
  let text = '';
  for (let i = 0; i < 20 && !text.endsWith(tail); i++) {
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await clickWidget(page, 'Terminal/Copy output');
    text = await page.evaluate(() => navigator.clipboard.readText());
    if (!text.endsWith(tail)) await sleep(500);
  }
  return text;
}

test('AWS CLI commands typed into the terminal answer from the lab', { timeout: 180000 }, async () => {
  const { context, page, pageErrors } = await openLab(env, { query: '?seed=5&start=2026-01-01T00:00:00Z' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url });
  const send = (service, action, request = {}) =>
    page.evaluate(([s, a, r]) => window.lab.send(s, a, r), [service, action, request]);
  try {
    await page.evaluate(() => window.lab.setSpeed(0));
    const { BucketName: bucket } = await deployLabStack(page);

    await clickWidget(page, 'Nav/Terminal');
    await clickWidget(page, 'Terminal/Input');
    await run(page, 'aws firehose list-delivery-streams --output text');
    await run(page, `aws firehose describe-delivery-stream --delivery-stream-name ${STREAM} --query 'DeliveryStreamDescription.DeliveryStreamStatus' --output text`);
    // Base64 by default (AWS CLI v2): "eyJ0aWNrZXJfc3ltYm9sIjoiQUJDIn0=" is {"ticker_symbol":"ABC"}; the stream appends the newline
    await run(page, `aws firehose put-record --delivery-stream-name ${STREAM} --record Data=eyJ0aWNrZXJfc3ltYm9sIjoiQUJDIn0= --query Encrypted`);
    await run(page, `aws firehose put-record --delivery-stream-name ${STREAM} --record Data=not-base64!`);
    let text = await copiedOutput(page, 'exit status 255\n');
    assert.equal(text,
      '$ aws firehose list-delivery-streams --output text\n' +
      `False\nDELIVERYSTREAMNAMES\t${STREAM}\n` +
      `$ aws firehose describe-delivery-stream --delivery-stream-name ${STREAM} --query 'DeliveryStreamDescription.DeliveryStreamStatus' --output text\n` +
      'ACTIVE\n' +
      `$ aws firehose put-record --delivery-stream-name ${STREAM} --record Data=eyJ0aWNrZXJfc3ltYm9sIjoiQUJDIn0= --query Encrypted\n` +
      'false\n' +
      `$ aws firehose put-record --delivery-stream-name ${STREAM} --record Data=not-base64!\n` +
      '\nInvalid base64: "not-base64!"\nexit status 255\n');

    // The record is delivered at the stream's buffer interval; aws s3 ls shows the object as the v2 CLI does.
    const hints = (await send('Firehose', 'DescribeDeliveryStream', { DeliveryStreamName: STREAM }))
      .DeliveryStreamDescription.Destinations[0].ExtendedS3DestinationDescription.BufferingHints;
    await page.evaluate((s) => window.lab.advance(s), hints.IntervalInSeconds + 5);
    const { Contents: [object] } = await send('S3', 'ListObjectsV2', { Bucket: bucket, Prefix: 'stocks/' });
    const when = object.LastModified.replace('T', ' ').slice(0, 19);

    await clickWidget(page, 'Terminal/Clear');
    await clickWidget(page, 'Terminal/Input');
    // Tab completes the bucket (the only one) from the lab.
    await page.keyboard.type('aws s3 ls s3://', { delay: 2 });
    await page.keyboard.press('Tab');
    await sleep(300);
    await page.keyboard.type('stocks/ --recursive', { delay: 2 });
    await page.keyboard.press('Enter');
    await sleep(400);
    await run(page, `aws s3 cp s3://${bucket}/${object.Key} -`);
    await run(page, 'aws s3 ls s3://no-such-bucket');
    await run(page, 'aws firehose describe-delivery-stream --query "a["');
    text = await copiedOutput(page, 'exit status 252\n');
    assert.equal(text,
      `$ aws s3 ls s3://${bucket}/stocks/ --recursive\n` +
      `${when} ${String(object.Size).padStart(10)} ${object.Key}\n` +
      `$ aws s3 cp s3://${bucket}/${object.Key} -\n` +
      '{"ticker_symbol":"ABC"}\n' +
      '$ aws s3 ls s3://no-such-bucket\n' +
      '\nAn error occurred (NoSuchBucket) when calling the ListObjectsV2 operation: The specified bucket does not exist.\n' +
      'exit status 254\n' +
      '$ aws firehose describe-delivery-stream --query "a["\n' +
      '\nBad value for --query a[: Invalid jmespath expression: Incomplete expression:\n"a["\n   ^\nexit status 252\n');

    // Up recalls the previous command; a table of the lab stack.
    await clickWidget(page, 'Terminal/Input');
    await page.keyboard.press('ArrowUp');
    await sleep(200);
    await page.keyboard.press('Enter');
    await sleep(300);
    await run(page, "aws cloudformation describe-stacks --query 'Stacks[].{Name:StackName,Status:StackStatus}' --output table");
    await waitForWidgets(page, /^Terminal\/Line\/\d+$/);
    await page.screenshot({ path: path.join(RESULTS, 'terminal.png') });
    text = await copiedOutput(page, '+-------------------+\n');
    assert.equal(text.split('$ aws firehose describe-delivery-stream --query "a["\n').length, 3, 'Up recalled the last command');
    assert.ok(text.endsWith(
      '-------------------------------------\n' +
      '|          DescribeStacks           |\n' +
      '+---------------+-------------------+\n' +
      '|     Name      |      Status       |\n' +
      '+---------------+-------------------+\n' +
      '|  firehose-lab |  CREATE_COMPLETE  |\n' +
      '+---------------+-------------------+\n'), text);

    assert.equal(await page.evaluate(() => window.labError ?? null), null);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
