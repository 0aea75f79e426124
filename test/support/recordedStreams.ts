/**
 * Pull and push streams recorded from Docker Engine 20.10.24 (the test rig's engine)
 * pulling from and pushing to Debian's docker-registry 2.8.2, one JSON message a line.
 */

export const DIGEST = 'sha256:9a2be0e785b574957990a246b5bdfb1183e6db54fe7f43ce24d3139bc8cc0b72';

export const recordedPull = [
  '{"status":"Pulling from explore/app","id":"one"}',
  '{"status":"Already exists","progressDetail":{},"id":"6a723cf32e36"}',
  '{"status":"Pulling fs layer","progressDetail":{},"id":"5965468f778f"}',
  '{"status":"Downloading","progressDetail":{"current":32768,"total":3001128},"progress":"[\\u003e    ]  32.77kB/3.001MB","id":"5965468f778f"}',
  '{"status":"Downloading","progressDetail":{"current":1500000,"total":3001128},"progress":"[====\\u003e    ]  1.5MB/3.001MB","id":"5965468f778f"}',
  '{"status":"Verifying Checksum","progressDetail":{},"id":"5965468f778f"}',
  '{"status":"Download complete","progressDetail":{},"id":"5965468f778f"}',
  '{"status":"Extracting","progressDetail":{"current":32768,"total":3001128},"progress":"[\\u003e   ]  32.77kB/3.001MB","id":"5965468f778f"}',
  '{"status":"Extracting","progressDetail":{"current":3001128,"total":3001128},"progress":"[=====\\u003e]  3.001MB/3.001MB","id":"5965468f778f"}',
  '{"status":"Pull complete","progressDetail":{},"id":"5965468f778f"}',
  `{"status":"Digest: ${DIGEST}"}`,
  '{"status":"Status: Downloaded newer image for 127.0.0.1:45123/explore/app:one"}',
];

export const recordedPush = [
  '{"status":"The push refers to repository [127.0.0.1:45123/explore/fresh]"}',
  '{"status":"Preparing","progressDetail":{},"id":"2e7619af94c9"}',
  '{"status":"Preparing","progressDetail":{},"id":"6d3271ed04bb"}',
  '{"status":"Waiting","progressDetail":{},"id":"6d3271ed04bb"}',
  '{"status":"Mounted from explore/app","progressDetail":{},"id":"6d3271ed04bb"}',
  '{"status":"Pushing","progressDetail":{"current":33280,"total":3000000},"progress":"[\\u003e   ]  33.28kB/3MB","id":"2e7619af94c9"}',
  '{"status":"Pushing","progressDetail":{"current":1475072,"total":3000000},"progress":"[===\\u003e  ]  1.475MB/3MB","id":"2e7619af94c9"}',
  '{"status":"Pushing","progressDetail":{"current":3001856,"total":3000000},"progress":"[=====\\u003e]  3.002MB","id":"2e7619af94c9"}',
  '{"status":"Pushed","progressDetail":{},"id":"2e7619af94c9"}',
  `{"status":"x: digest: ${DIGEST} size: 740"}`,
  `{"progressDetail":{},"aux":{"Tag":"x","Digest":"${DIGEST}","Size":740}}`,
];
