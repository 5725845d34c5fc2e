"""An S3-compatible server on loopback (moto's, S3 only) standing in for object storage."""

import json

import boto3
from moto.server import ThreadedMotoServer

ACCESS_KEY, SECRET_KEY, REGION = "loopback-access-key", "loopback-secret-key", "eu-west-2"


def public_read_policy(bucket):
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}
        ],
    }


def client_for(endpoint):
    return boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY, region_name=REGION
    )


def create_public_bucket(endpoint, name):
    """A bucket whose objects anyone may read (as a media bucket behind a CDN is), writable with keys."""
    client = client_for(endpoint)
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    client.put_bucket_policy(Bucket=name, Policy=json.dumps(public_read_policy(name)))
    return name


class LoopbackS3:
    def __init__(self):
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)

    def start(self):
        self.server.start()
        host, port = self.server.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"
        return self

    def client(self):
        return client_for(self.endpoint)

    def create_bucket(self, name):
        return create_public_bucket(self.endpoint, name)

    def env(self, bucket):
        return media_env(self.endpoint, bucket)

    def stop(self):
        self.server.stop()


def media_env(endpoint, bucket):
    """The operator's environment variables that point the site's media at ``bucket`` on ``endpoint``."""
    return {
        "MEDIA_S3_BUCKET": bucket,
        "MEDIA_S3_ENDPOINT_URL": endpoint,
        "MEDIA_S3_REGION": REGION,
        "MEDIA_S3_ACCESS_KEY_ID": ACCESS_KEY,
        "MEDIA_S3_SECRET_ACCESS_KEY": SECRET_KEY,
    }
