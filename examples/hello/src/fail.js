// Throws: API Gateway answers 502, Lambda's Invoke answers 200 with X-Amz-Function-Error.
class OrderNotFound extends Error {
  constructor(message) {
    super(message);
    this.name = 'OrderNotFound';
  }
}

exports.handler = async () => {
  throw new OrderNotFound('no order 42');
};
